"""The resident pages and the staff desk: what a resident and a staff member see and can do."""

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from civicgrid.audit.models import AuditEntry, Kind
from civicgrid.consult.models import Answer, Topic
from civicgrid.consult.tests.helpers import add_answer, new_topic
from civicgrid.people.models import Role, RoleAssignment

pytestmark = pytest.mark.django_db


def page_url(topic, community=None):
    url = reverse("consult:topic-detail", args=[topic.pk])
    return f"{url}?c={community.code}" if community else url


def answer_data(community, **extra):
    return {"community": community.code, "choice": "0", "text": "支持设在市场北侧", **extra}


@pytest.fixture
def resident():
    return Client(REMOTE_ADDR="10.9.0.1")


# --- residents ------------------------------------------------------------------------


def test_it_lists_open_topics_on_the_community_page_and_the_home_page(client, city):
    topic = new_topic(city)
    new_topic(city, days=(3, 9), title="还没开始的征集")
    community = city.communities[0]
    page = client.get(reverse("community:community-detail", args=[community.code])).content
    section = page.decode().split('id="consultations"')[1].split("</section>")[0]
    assert topic.title in section and "还没开始的征集" not in section
    assert page_url(topic, community) in section
    # A community of the other street is not asked.
    other = client.get(reverse("community:community-detail", args=[city.communities[3].code]))
    assert 'id="consultations"' not in other.content.decode()
    assert reverse("consult:topic-list") in client.get("/").content.decode()
    listed = client.get(reverse("consult:topic-list")).content.decode()
    assert topic.title in listed and "还没开始的征集" not in listed


def test_a_resident_answers_from_the_community_page_and_is_thanked(resident, city):
    topic = new_topic(city)
    community = city.communities[1]
    page = resident.get(page_url(topic, community)).content.decode()
    assert "您更希望疏导区设在哪里？" in page and "农贸市场北侧空地" in page
    assert f'<option value="{community.code}" selected>' in page
    response = resident.post(
        page_url(topic, community), answer_data(community, client_key="tap-1"), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("consult:answer-thanks", args=[topic.pk])
    assert "感谢您的意见" in response.content.decode()
    answer = Answer.objects.get()
    assert (answer.community, answer.choice, answer.text) == (community, 0, "支持设在市场北侧")


def test_a_double_tap_is_one_answer(resident, city):
    topic = new_topic(city)
    data = answer_data(city.communities[0], client_key="tap-2")
    first = resident.post(page_url(topic), data)
    second = resident.post(page_url(topic), data)
    assert first.status_code == second.status_code == 302
    assert Answer.objects.count() == 1


def test_an_ended_topic_says_so_and_refuses_answers(resident, city):
    topic = new_topic(city, days=(-9, -1))
    page = resident.get(page_url(topic)).content.decode()
    assert "已结束" in page and 'id="answer-form"' not in page
    response = resident.post(page_url(topic), answer_data(city.communities[0]))
    assert response.status_code == 409
    assert "这项意见征集已结束，不再接收意见" in response.content.decode()
    assert not Answer.objects.exists()


def test_a_topic_not_begun_is_not_public(resident, city):
    topic = new_topic(city, days=(2, 9))
    assert resident.get(page_url(topic)).status_code == 404
    assert resident.post(page_url(topic), answer_data(city.communities[0])).status_code == 404
    for pk in (99999, 10**30):  # past any integer column: still a 404, on PostgreSQL too
        assert resident.get(reverse("consult:topic-detail", args=[pk])).status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "长" * 1001}, "意见最多 1000 字"),
        ({"choice": "9"}, "请从列出的选项中选择"),
        ({"choice": "abc"}, "请从列出的选项中选择"),
        ({"choice": ""}, "请选择一项"),
        ({"community": "360702999999"}, "请选择征集范围内的社区"),
        ({"community": "<script>"}, "请选择征集范围内的社区"),
        ({"community": ""}, "请选择您所在的社区"),
        ({"phone": "12345", "privacy": "on"}, "11 位手机号码"),
        ({"phone": "13807971234"}, "请勾选同意回访"),
        ({"client_key": "x" * 65}, "页面信息有误"),
    ],
)
def test_bad_input_gets_a_chinese_message_never_a_500(resident, city, data, message):
    topic = new_topic(city)
    response = resident.post(page_url(topic), {**answer_data(city.communities[0]), **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Answer.objects.exists()


def test_a_community_of_another_street_is_refused(resident, city):
    topic = new_topic(city)
    response = resident.post(page_url(topic), answer_data(city.communities[3]))
    assert response.status_code == 400 and "请选择征集范围内的社区" in response.content.decode()


def test_it_limits_answers_per_address(resident, city, settings):
    settings.CIVICGRID_RATE_ANSWERS_PER_IP_HOUR = 2
    topic = new_topic(city)
    community = city.communities[0]
    for i in range(2):
        sent = resident.post(page_url(topic), answer_data(community, client_key=f"k{i}"))
        assert sent.status_code == 302
    refused = resident.post(page_url(topic), answer_data(community, client_key="k9"))
    assert refused.status_code == 429 and "提交过于频繁" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0
    # A retry of an answer already taken is still thanked, not refused.
    again = resident.post(page_url(topic), answer_data(community, client_key="k1"))
    assert again.status_code == 302 and Answer.objects.count() == 2


# --- staff ----------------------------------------------------------------------------


def answers_url(topic):
    return reverse("consult:answer-list", args=[topic.pk])


def test_a_dispatcher_publishes_a_topic_from_the_desk(client, city, people):
    client.force_login(people.dispatcher)
    page = client.get(reverse("consult:topic-create")).content.decode()
    assert city.streets[0].name in page and city.streets[1].name not in page
    data = {
        "area": city.streets[0].pk,
        "title": "垃圾投放时段意见征集",
        "description": "拟实行定时定点投放。",
        "starts_on": "2026-01-01",
        "ends_on": "2099-01-31",
        "question": "您希望的时段？",
        "options": "早 7-9 点\n\n晚 18-21 点\n",
    }
    response = client.post(reverse("consult:topic-create"), data)
    assert response.status_code == 302
    topic = Topic.objects.get()
    assert topic.options == ["早 7-9 点", "晚 18-21 点"] and topic.created_by == people.dispatcher
    listed = client.get(reverse("consult:manage-list")).content.decode()
    assert "垃圾投放时段意见征集" in listed


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"ends_on": "2025-01-01"}, "截止日期不能早于开始日期"),
        ({"ends_on": "2026-13-45"}, "截止日期"),
        ({"options": "只有一个"}, "至少需要 2 个选项"),
        ({"area": "999999"}, "请选择您可以发布的街道或区"),
        ({"title": ""}, "标题"),
    ],
)
def test_a_bad_topic_form_gets_a_chinese_message(client, city, people, data, message):
    client.force_login(people.dispatcher)
    base = {
        "area": city.streets[0].pk,
        "title": "意见征集",
        "description": "说明",
        "starts_on": "2026-01-01",
        "ends_on": "2026-01-31",
        "question": "题目",
        "options": "甲\n乙",
    }
    response = client.post(reverse("consult:topic-create"), {**base, **data})
    assert response.status_code == 200 and message in response.content.decode()


def test_publishing_is_refused_without_the_right(client, city, people):
    client.force_login(people.station_head)
    assert client.get(reverse("consult:topic-create")).status_code == 403
    topic = new_topic(city)
    assert client.get(reverse("consult:topic-edit", args=[topic.pk])).status_code == 403
    other = city.dispatchers[city.streets[1].pk]
    client.force_login(other)
    assert client.get(reverse("consult:topic-edit", args=[topic.pk])).status_code == 404


def test_the_answers_page_groups_and_lists_the_answers(client, city, people):
    topic = new_topic(city)
    c0, c1 = city.communities[0], city.communities[1]
    add_answer(topic, c0, choice=0, text="市场北侧最方便", phone="13807971234", name="王女士")
    add_answer(topic, c0, choice=0)
    add_answer(topic, c1, choice=2, text="晚上太吵")
    client.force_login(people.dispatcher)
    page = client.get(answers_url(topic)).content.decode()
    by_choice = page.split('id="by-choice"')[1].split("</section>")[0]
    assert '<b class="total">3</b>' in by_choice
    assert '<td class="n">2</td><td class="n">67%</td>' in by_choice
    by_community = page.split('id="by-community"')[1].split("</section>")[0]
    assert f'<td>{c0.name}</td><td class="n">2</td>' in by_community
    assert "市场北侧最方便" in page and "138****1234" in page and "13807971234" not in page
    found = client.get(answers_url(topic), {"q": "太吵"}).content.decode()
    listed = found.split('id="answers"')[1]
    assert "晚上太吵" in listed and "市场北侧最方便" not in listed
    chosen = client.get(answers_url(topic), {"choice": "0"}).content.decode()
    chosen = chosen.split('id="answers"')[1]
    assert "市场北侧最方便" in chosen and "晚上太吵" not in chosen


def test_a_station_head_sees_only_their_communitys_answers(client, city, people):
    topic = new_topic(city)
    add_answer(topic, city.communities[0], text="本社区的意见")
    add_answer(topic, city.communities[1], text="隔壁社区的意见")
    client.force_login(people.station_head)
    page = client.get(answers_url(topic)).content.decode()
    assert "本社区的意见" in page and "隔壁社区的意见" not in page
    assert 'id="topic-edit"' not in page


def test_a_staff_member_of_another_street_sees_nothing_of_this_topic(client, city, people):
    topic = new_topic(city)
    add_answer(topic, city.communities[0], text="本街道的意见")
    client.force_login(city.dispatchers[city.streets[1].pk])
    assert topic.title not in client.get(reverse("consult:manage-list")).content.decode()
    assert client.get(answers_url(topic)).status_code == 404
    export = reverse("consult:answer-export", args=[topic.pk])
    assert client.get(export).status_code == 404
    assert client.get(reverse("consult:answer-list", args=[10**30])).status_code == 404
    for persona in ("grid_worker", "handler", "outsider"):
        client.force_login(getattr(people, persona))
        assert client.get(answers_url(topic)).status_code == 404


def test_a_forged_page_cursor_is_a_message_not_a_500(client, city, people):
    topic = new_topic(city)
    add_answer(topic, city.communities[0])
    client.force_login(people.dispatcher)
    forged = {"cursor": "nonsense", "choice": "-1", "community": "<b>", "q": "x" * 500}
    response = client.get(answers_url(topic), forged)
    assert response.status_code == 200 and "翻页链接无效" in response.content.decode()
    # A NUL byte is refused by the site's middleware before the page runs.
    assert client.get(answers_url(topic), {"q": "\u0000"}).status_code == 400


def test_it_pages_the_answers(client, city, people):
    topic = new_topic(city)
    for i in range(32):
        add_answer(topic, city.communities[0], text=f"第{i}条意见")
    client.force_login(people.dispatcher)
    first = client.get(answers_url(topic)).content.decode()
    assert "第31条意见" in first and "第1条意见<" not in first and 'rel="next"' in first
    cursor = first.split('rel="next" href="?cursor=')[1].split('"')[0]
    second = client.get(f"{answers_url(topic)}?cursor={cursor}").content.decode()
    assert "第1条意见" in second and "第31条意见" not in second


def test_the_answers_page_costs_a_fixed_number_of_queries(
    client, city, people, django_assert_max_num_queries
):
    topic = new_topic(city)
    for i in range(40):
        add_answer(topic, city.communities[i % 2], choice=i % 3, text=f"意见{i}")
    client.force_login(people.dispatcher)
    client.get(answers_url(topic))
    with django_assert_max_num_queries(12):  # the same for 40 answers as for 4
        assert client.get(answers_url(topic)).status_code == 200


def sheets(response) -> dict[str, str]:
    """The two sheets' XML; constant memory writes every string inline, in the sheet."""
    book = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    answers = book.read("xl/worksheets/sheet1.xml").decode()
    summary = book.read("xl/worksheets/sheet2.xml").decode()
    return {"answers": answers, "summary": summary, "strings": answers + summary}


def test_the_export_has_every_answer_and_the_grouping_with_formulas_escaped(client, city, people):
    topic = new_topic(city)
    add_answer(topic, city.communities[0], text='=cmd|" /C calc"!A0', phone="13807971234")
    add_answer(topic, city.communities[1], choice=2, text="+1 支持")
    client.force_login(people.dispatcher)
    response = client.get(reverse("consult:answer-export", args=[topic.pk]))
    assert response.status_code == 200 and response["X-Rows"] == "2"
    assert ".xlsx" in response["Content-Disposition"]
    parts = sheets(response)
    assert "<f>" not in parts["answers"] and "<f>" not in parts["summary"]
    strings = parts["strings"]
    assert "=cmd|" in strings and "+1 支持" in strings  # as text cells
    assert "138****1234" in strings and "13807971234" not in strings
    for text in ("意见建议", "所在社区", "农贸市场北侧空地", city.communities[0].name, "意见总数"):
        assert text in strings
    assert AuditEntry.objects.filter(kind=Kind.EXPORT, target=f"consult:{topic.pk}").exists()


def test_the_export_of_a_station_head_holds_their_community_only(client, city, people):
    topic = new_topic(city)
    add_answer(topic, city.communities[0], text="本社区的意见")
    add_answer(topic, city.communities[1], text="隔壁社区的意见")
    client.force_login(people.station_head)
    response = client.get(reverse("consult:answer-export", args=[topic.pk]))
    assert response["X-Rows"] == "1"
    strings = sheets(response)["strings"]
    assert "本社区的意见" in strings and "隔壁社区的意见" not in strings


def test_the_header_shows_the_desk_to_those_who_hold_a_consult_action(client, people):
    for persona, shown in [("dispatcher", True), ("station_head", True), ("grid_worker", False)]:
        client.force_login(getattr(people, persona))
        header = client.get(reverse("notify:notification-list")).content.decode()
        assert (reverse("consult:manage-list") in header.split("</header>")[0]) is shown, persona


def test_an_answered_topic_is_ended_early_from_the_edit_page(client, city, people):
    topic = new_topic(city)
    add_answer(topic, city.communities[0])
    client.force_login(people.dispatcher)
    url = reverse("consult:topic-edit", args=[topic.pk])
    page = client.get(url).content.decode()
    assert "不能再修改" in page and 'name="options"' in page and "disabled" in page
    data = {
        "title": topic.title,
        "description": topic.description,
        "starts_on": topic.starts_on.isoformat(),
        "ends_on": (topic.starts_on).isoformat(),
        "options": "想偷偷改掉的选项\n另一个",  # disabled: the stored options stay
    }
    assert client.post(url, data).status_code == 302
    topic.refresh_from_db()
    assert not topic.is_open and topic.options[0] == "农贸市场北侧空地"


def test_a_role_that_may_publish_but_not_read_answers_lists_topics_with_none(client, city):
    topic = new_topic(city)
    add_answer(topic, city.communities[0], text="不该看到的意见")
    role = Role.objects.create(code="publisher", name="发布员", actions=["consult.manage"])
    user = get_user_model().objects.create(username="publisher")
    RoleAssignment.objects.create(user=user, role=role, area=city.streets[0])
    client.force_login(user)
    listed = client.get(reverse("consult:manage-list"))
    assert listed.status_code == 200 and topic.title in listed.content.decode()
    page = client.get(answers_url(topic)).content.decode()
    assert '<b class="total">0</b>' in page and "不该看到的意见" not in page
