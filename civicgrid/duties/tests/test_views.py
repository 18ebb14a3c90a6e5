import io

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook

from civicgrid.duties import board, lists
from civicgrid.duties.choices import ListKind
from civicgrid.duties.demo import seed
from civicgrid.duties.models import ListItem, PlanTask, ProgressReport
from civicgrid.duties.tests.helpers import department, plan_with_task, published, station

pytestmark = pytest.mark.django_db


def client_of(user):
    c = Client()
    c.force_login(user)
    return c


def xlsx(rows) -> SimpleUploadedFile:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"strings_to_formulas": False})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    return SimpleUploadedFile("清单.xlsx", out.getvalue())


def sheet_of(response) -> list[list]:
    data = b"".join(response.streaming_content)
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def import_url(city, kind="duties"):
    return reverse("duties:list-op", args=[station(city).pk, kind, "import"])


def test_it_imports_rows_into_the_draft(city, people):
    c = client_of(people.station_head)
    rows = [
        ["序号", "事项内容", "依据", "类别"],
        [1, "巡查网格", "工作方案", "巡查"],
        [2, "=1+1", "", ""],
    ]
    response = c.post(import_url(city), {"file": xlsx(rows)}, follow=True)
    assert "已导入 2 项" in response.content.decode()
    draft = lists.draft_of(station(city).lists.get(kind="duties"))
    assert [i.content for i in draft.items.all()] == ["巡查网格", "=1+1"]


def test_it_names_every_bad_row_and_imports_none(city, people):
    c = client_of(people.station_head)
    rows = [["事项内容", "类别"], ["好的一行", "巡查"], ["", "缺内容"], ["类别过长", "类" * 40]]
    text = c.post(import_url(city), {"file": xlsx(rows)}, follow=True).content.decode()
    assert "有 2 行无法导入" in text and "第 3 行" in text and "第 4 行" in text
    assert not ListItem.objects.filter(version__duty_list__unit=station(city)).exists()


@pytest.mark.parametrize(
    ("upload", "reason"),
    [
        (SimpleUploadedFile("a.xlsx", b"not a workbook"), "不是 Excel"),
        (SimpleUploadedFile("a.xlsx", b"PK\x03\x04broken"), "无法读取"),
        (None, "缺少必需的列：事项内容"),
    ],
)
def test_it_refuses_a_bad_file_in_chinese(city, people, upload, reason):
    upload = upload or xlsx([["名称", "依据"], ["巡查", "x"]])
    response = client_of(people.station_head).post(import_url(city), {"file": upload}, follow=True)
    assert response.status_code == 200 and reason in response.content.decode()


def test_the_desk_page_is_for_the_stations_own_managers(city, people):
    unit = station(city)
    url = reverse("duties:unit-lists", args=[unit.pk])
    assert client_of(people.station_head).get(url).status_code == 200
    assert client_of(people.leader).get(url + "?kind=powers").status_code == 200
    assert client_of(people.neighbour).get(url).status_code == 404  # another community
    assert client_of(people.grid_worker).get(url).status_code == 403  # in scope, no duty.manage
    assert client_of(people.handler).get(url).status_code == 404
    assert client_of(people.outsider).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    post = reverse("duties:list-op", args=[unit.pk, "duties", "draft"])
    assert client_of(people.neighbour).post(post).status_code == 404
    assert not unit.lists.exists()


def test_public_lists_are_visible_without_login(city, people):
    version = published(city, people, rows=("宣传城市管理法规",), kind=ListKind.POWERS)
    c = Client()
    page = c.get(reverse("duties:station-public", args=[city.communities[0].code]))
    text = page.content.decode()
    assert page.status_code == 200 and "宣传城市管理法规" in text and "权力清单" in text
    assert c.get(reverse("duties:version-public", args=[version.pk])).status_code == 200
    draft = lists.start_draft(unit=station(city), kind=ListKind.POWERS, actor=people.station_head)
    assert c.get(reverse("duties:version-public", args=[draft.pk])).status_code == 404
    community = c.get(reverse("community:community-detail", args=[city.communities[0].code]))
    assert (
        reverse("duties:station-public", args=[city.communities[0].code])
        in community.content.decode()
    )


def test_the_list_export_has_chinese_headers(city, people):
    published(city, people, rows=("巡查网格",))
    url = reverse("duties:list-export", args=[station(city).pk, "duties"])
    rows = sheet_of(client_of(people.station_head).get(url))
    assert rows[0] == ["序号", "事项内容", "依据", "类别"] and rows[1][1] == "巡查网格"


def test_a_handler_reports_only_for_their_own_department(city, people):
    _plan, task = plan_with_task(city, people)
    url = reverse("duties:task-report", args=[task.pk])
    lead = {"unit": task.lead.pk, "percent": "50", "text": "过半"}
    assert client_of(people.handler).post(url, lead).status_code == 302
    water = department(city, "water")
    forged = {**lead, "unit": water.pk}  # sanitation's handler posing as water
    client_of(people.handler).post(url, forged)
    assert list(ProgressReport.objects.values_list("unit_id", flat=True)) == [task.lead.pk]
    plan2, other = plan_with_task(city, people, lead=water, co=[department(city, "gas")])
    assert (
        client_of(people.handler).get(reverse("duties:task-detail", args=[other.pk])).status_code
        == 404
    )
    assert client_of(people.neighbour).post(url, lead).status_code == 404


def test_the_board_shows_each_persona_their_tasks(city, people):
    _plan, task = plan_with_task(city, people)
    board = reverse("duties:status-board")
    assert task.title in client_of(people.leader).get(board).content.decode()
    assert task.title in client_of(people.handler).get(board).content.decode()
    assert task.title not in client_of(people.station_head).get(board).content.decode()
    assert client_of(people.grid_worker).get(board).status_code == 403
    assert client_of(people.outsider).get(board).status_code == 403


def test_the_board_export_has_chinese_headers_and_the_latest_progress(city, people):
    _plan, task = plan_with_task(city, people)
    c = client_of(people.handler)
    c.post(
        reverse("duties:task-report", args=[task.pk]),
        {"unit": task.lead.pk, "percent": "20", "text": "已部署"},
    )
    rows = sheet_of(c.get(reverse("duties:board-export")))
    assert rows[0][:3] == ["工作方案", "序号", "工作项目"] and "最新进展" in rows[0]
    assert rows[1][rows[0].index("最新进展")] == "已部署"
    assert rows[1][rows[0].index("状态")] == "推进中"


def test_the_board_filters_by_status_and_ignores_junk(city, people):
    _plan, task = plan_with_task(city, people)
    c = client_of(people.leader)
    assert task.title not in c.get(reverse("duties:status-board") + "?status=done").content.decode()
    assert (
        c.get(reverse("duties:status-board") + "?plan=x&unit=99999999999&status=zz").status_code
        == 200
    )


def test_a_plan_is_drawn_up_on_its_page(city, people):
    c = client_of(people.leader)
    response = c.post(
        reverse("duties:plan-new"), {"title": "2026 年方案", "year": "2026", "area": city.county.pk}
    )
    assert response.status_code == 302
    plan_url = response["Location"]
    bad = c.post(plan_url, {"title": "", "content": "", "deadline": "2026-13-01"})
    assert bad.status_code == 400
    ok = c.post(plan_url, {"title": "排查井盖", "content": "全面排查", "deadline": "2026-12-20",
                          "lead": department(city, "municipal").pk})  # fmt: skip
    assert ok.status_code == 302 and PlanTask.objects.filter(title="排查井盖").exists()
    assert client_of(people.station_head).post(reverse("duties:plan-new"), {}).status_code == 400


def test_the_demo_seed_builds_a_working_bureau(city, people):
    seed(city)
    tasks = PlanTask.objects.all()
    assert tasks.count() == 25
    assert ProgressReport.objects.count() > 40
    counts = {s: n for s, _label, n in board.by_status(board.rows(people.leader, board.Filters()))}
    assert counts["late"] >= 2 and counts["doing"] >= 4 and counts["done"] >= 5, counts
    text = client_of(people.leader).get(reverse("duties:status-board")).content.decode()
    assert "逾期" in text
    page = Client().get(reverse("duties:station-public", args=[city.communities[0].code]))
    assert "第 2 版" in page.content.decode()


def test_the_board_keeps_a_query_budget(city, people, django_assert_max_num_queries):
    seed(city)
    c = client_of(people.leader)
    c.get(reverse("duties:status-board"))  # sessions, caches
    with django_assert_max_num_queries(16):
        response = c.get(reverse("duties:status-board"))
    assert response.status_code == 200


def test_the_desk_edits_moves_and_publishes_rows(city, people):
    first = published(city, people, rows=("甲", "乙"))
    c = client_of(people.station_head)
    unit = station(city)
    c.post(reverse("duties:list-op", args=[unit.pk, "duties", "draft"]))
    draft = lists.draft_of(unit.lists.get(kind="duties"))
    a, b = draft.items.all()
    c.post(reverse("duties:item-op", args=[b.pk, "up"]))
    c.post(
        reverse("duties:item-op", args=[a.pk, "edit"]), {"content": "甲（修订）", "kind": "巡查"}
    )
    assert [i.content for i in draft.items.all()] == ["乙", "甲（修订）"]
    page = c.post(reverse("duties:list-op", args=[unit.pk, "duties", "publish"]), {"note": "调序"})
    assert page.status_code == 302
    refused = c.post(reverse("duties:item-op", args=[a.pk, "delete"]), follow=True)
    assert "已发布的版本不能修改" in refused.content.decode()
    old = sheet_of(c.get(reverse("duties:list-export", args=[unit.pk, "duties"]) + "?v=1"))
    assert [r[1] for r in old[1:]] == ["甲", "乙"] and first.number == 1
    assert c.post(reverse("duties:item-op", args=[a.pk, "nonsense"])).status_code == 404
    assert (
        client_of(people.neighbour).post(reverse("duties:item-op", args=[a.pk, "up"])).status_code
        == 404
    )


def test_the_plans_manager_edits_a_task_and_a_reporter_cannot(city, people):
    _plan, task = plan_with_task(city, people)
    url = reverse("duties:task-edit", args=[task.pk])
    data = {"title": "新名称", "content": "新内容", "deadline": "2026-12-30", "lead": task.lead.pk}
    assert client_of(people.handler).post(url, data).status_code == 403
    client_of(people.leader).post(url, data)
    task.refresh_from_db()
    assert task.title == "新名称" and str(task.deadline) == "2026-12-30"


def test_a_report_may_carry_photos_seen_only_by_those_who_see_the_task(city, people):
    from civicgrid.intake.tests.helpers import gps_jpeg

    _plan, task = plan_with_task(city, people)
    url = reverse("duties:task-report", args=[task.pk])
    photo = SimpleUploadedFile("p.jpg", gps_jpeg((64, 48)), "image/jpeg")
    data = {"unit": task.lead.pk, "percent": "30", "text": "现场照片", "photos": [photo]}
    client_of(people.handler).post(url, data)
    stored = ProgressReport.objects.get(task=task).photos.get().image
    media = reverse("media", args=[stored.name])
    assert client_of(people.leader).get(media).status_code == 200
    assert client_of(people.other_handler).get(media).status_code == 200  # water co-leads
    assert client_of(people.station_head).get(media).status_code == 404
    assert Client().get(media).status_code == 404
    bad = SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg")
    page = client_of(people.handler).post(url, {**data, "photos": [bad]}, follow=True)
    assert ProgressReport.objects.filter(task=task).count() == 1
    assert page.status_code == 200


def test_the_menus_offer_lists_to_managers_and_the_board_to_reporters(city, people):
    handler = client_of(people.handler).get(reverse("cases:case-list")).content.decode()
    assert ">任务分解</a>" in handler and ">职责清单</a>" not in handler
    head = client_of(people.station_head).get(reverse("cases:case-list")).content.decode()
    assert ">职责清单</a>" in head and ">任务分解</a>" in head
    grid = client_of(people.grid_worker).get(reverse("cases:case-list")).content.decode()
    assert "任务分解" not in grid


def test_outsiders_get_nothing_of_plans_and_tasks(city, people):
    plan, task = plan_with_task(city, people)
    pages = [
        reverse("duties:plan-detail", args=[plan.pk]),
        reverse("duties:task-detail", args=[task.pk]),
    ]
    for user in (people.outsider, people.neighbour, people.station_head):
        for url in pages:
            assert client_of(user).get(url).status_code == 404, (user, url)
    assert client_of(people.handler).get(pages[1]).status_code == 200  # sanitation leads it
    assert client_of(people.handler).get(pages[0]).status_code == 200  # its plan, read-only
    add = {"title": "t", "content": "c", "deadline": "2026-12-20", "lead": task.lead.pk}
    assert client_of(people.handler).post(pages[0], add).status_code == 403
    assert client_of(people.handler).get(reverse("duties:unit-index")).status_code == 403
    assert client_of(people.outsider).get(reverse("duties:plan-list")).status_code == 403
    assert PlanTask.objects.count() == 1
