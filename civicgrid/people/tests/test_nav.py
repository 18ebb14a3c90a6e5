"""The header shows each person the pages of their job, not every page."""

import pytest

pytestmark = pytest.mark.django_db


def header(client, user):
    client.force_login(user)
    page = client.get("/notifications/").content.decode()
    return page.split("</header>")[0]


def test_grid_worker_sees_field_tasks_but_not_posters_or_supervision(client, people):
    nav = header(client, people.grid_worker)
    assert "我的任务" in nav and "地图" in nav
    assert "海报" not in nav and "督办" not in nav


def test_leader_sees_supervision_and_posters(client, people):
    nav = header(client, people.leader)
    assert "督办" in nav and "海报" in nav
    assert "我的任务" not in nav


def test_handler_sees_tasks_and_whistles(client, people):
    nav = header(client, people.handler)
    assert "我的任务" in nav and "吹哨报到" in nav
    assert "海报" not in nav


def test_a_few_links_stand_side_by_side_and_many_go_into_menus(client, people):
    few = header(client, people.grid_worker)
    assert 'class="menu"' not in few and "案件列表" in few
    many = header(client, people.dispatcher)
    # 案件, 受理渠道, 外勤 (核查 tasks), 工作站 (coverage, evaluation, typical cases, lists),
    # 社区 (the needs list)
    assert many.count('<details class="menu">') == 5
    for label in ("案件列表", "12345 工单", "意见征集", "社区二维码海报", "督办"):
        assert f">{label}</a>" in many
