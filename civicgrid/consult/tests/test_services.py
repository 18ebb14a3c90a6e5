"""Publishing in scope, answering in the period, one answer per double tap, grouping."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from civicgrid.consult import services
from civicgrid.consult.access import answers_for, topics_for
from civicgrid.consult.models import Answer
from civicgrid.consult.tests.helpers import add_answer, new_topic
from civicgrid.lib import crypto

pytestmark = pytest.mark.django_db


def test_it_lets_a_street_dispatcher_publish_for_their_street(city, people):
    topic = new_topic(city, actor=people.dispatcher)
    assert topic.area == city.streets[0] and topic.created_by == people.dispatcher
    assert topic.is_open


@pytest.mark.parametrize("persona", ["station_head", "grid_worker", "leader", "handler"])
def test_it_refuses_publishing_to_those_without_the_right(city, people, persona):
    with pytest.raises(services.NotAllowed, match="没有在该区域发布意见征集的权限"):
        new_topic(city, actor=getattr(people, persona))


def test_it_refuses_a_dispatcher_publishing_for_another_street(city, people):
    with pytest.raises(services.NotAllowed):
        new_topic(city, area=city.streets[1], actor=people.dispatcher)
    with pytest.raises(services.NotAllowed):
        new_topic(city, area=city.county, actor=people.dispatcher)  # the district is above them


def test_it_publishes_only_for_a_street_or_the_district(city):
    with pytest.raises(services.InvalidInput, match="街道或区"):
        new_topic(city, area=city.communities[0])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"options": ["甲"]}, "至少需要 2 个选项"),
        ({"options": ["甲", "甲"]}, "选项不能重复"),
        ({"question": "", "options": ["甲", "乙"]}, "同时填写选择题的题目"),
        ({"title": " \u200b "}, "请填写标题"),
    ],
)
def test_it_refuses_a_malformed_topic_in_chinese(city, kwargs, message):
    with pytest.raises(services.InvalidInput, match=message):
        new_topic(city, **kwargs)


def test_it_refuses_a_period_ending_before_it_starts(city):
    with pytest.raises(services.InvalidInput, match="截止日期不能早于开始日期"):
        new_topic(city, days=(3, 1))


def test_it_takes_an_answer_in_the_period_and_stores_the_phone_encrypted(city):
    topic = new_topic(city)
    answer = add_answer(
        topic, city.communities[1], choice=1, text="支持", name="王女士", phone="138 0797 1234"
    )
    stored = Answer.objects.get()
    assert (stored.choice, stored.text, stored.community) == (1, "支持", city.communities[1])
    assert stored.phone == "13807971234" and stored.masked_phone == "138****1234"
    assert not answer.repeated
    with connection.cursor() as cursor:  # as a database reader (or a stolen dump) sees them
        cursor.execute("SELECT phone, name FROM consult_answer")
        phone, name = cursor.fetchone()
    assert "13807971234" not in phone and "王女士" not in name
    assert Answer.objects.filter(phone_digest=crypto.digest("13807971234")).exists()


def test_it_refuses_answers_after_the_end_and_before_the_start(city):
    ended = new_topic(city, days=(-10, -1))
    with pytest.raises(services.Closed, match="已结束"):
        add_answer(ended, city.communities[0])
    later = new_topic(city, days=(2, 9))
    with pytest.raises(services.Closed, match="尚未开始"):
        add_answer(later, city.communities[0])
    assert not Answer.objects.exists()


def test_it_still_takes_answers_on_the_last_day(city):
    topic = new_topic(city, days=(-3, 0))
    add_answer(topic, city.communities[0])
    assert topic.answers.count() == 1


def test_it_makes_one_answer_of_a_double_tap(city):
    topic = new_topic(city)
    first = add_answer(topic, city.communities[0], text="好", client_key="k1")
    again = add_answer(topic, city.communities[0], text="好", client_key="k1")
    assert again.pk == first.pk and again.repeated
    edited = add_answer(topic, city.communities[0], text="改了主意", client_key="k1")
    assert edited.pk != first.pk  # the Back button, then a different answer: an answer of its own
    assert topic.answers.count() == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"choice": 7}, "请从列出的选项中选择"),
        ({"choice": None}, "请选择一项"),
        ({"text": "长" * 1001}, "最多 1000 字"),
        ({"phone": "12345"}, "11 位手机号码"),
    ],
)
def test_it_refuses_bad_answers_in_chinese(city, kwargs, message):
    topic = new_topic(city)
    with pytest.raises(services.InvalidInput, match=message):
        add_answer(topic, city.communities[0], **kwargs)


def test_it_refuses_a_community_outside_the_topic(city):
    topic = new_topic(city)
    with pytest.raises(services.InvalidInput, match="征集范围内的社区"):
        add_answer(topic, city.communities[3])  # the second street's


def test_a_text_only_topic_needs_text(city):
    topic = new_topic(city, options=[])
    with pytest.raises(services.InvalidInput, match="请填写您的意见建议"):
        add_answer(topic, city.communities[0], choice=None, text="  ")
    add_answer(topic, city.communities[0], choice=None, text="建议多设垃圾桶")


def test_it_groups_answers_per_choice_and_per_community(city, people):
    topic = new_topic(city, area=city.county)
    c0, c1, c3 = city.communities[0], city.communities[1], city.communities[3]
    for community, choice in [(c0, 0), (c0, 0), (c1, 0), (c1, 2), (c3, 1)]:
        add_answer(topic, community, choice=choice, text="意见" if choice == 0 else "")
    everything = services.summary(topic=topic, answers=answers_for(city.users["admin"], topic))
    assert everything.total == 5 and everything.with_text == 3
    assert [(o, n) for o, n, _p in everything.by_choice] == [
        ("农贸市场北侧空地", 3),
        ("文化广场东侧停车场", 1),
        ("不赞成设置", 1),
    ]
    assert [p for _o, _n, p in everything.by_choice] == [60, 20, 20]
    assert dict(everything.by_community) == {c0.name: 2, c1.name: 2, c3.name: 1}
    # The head of community 0 counts only the answers of community 0.
    mine = services.summary(topic=topic, answers=answers_for(people.station_head, topic))
    assert mine.total == 2 and dict(mine.by_community) == {c0.name: 2}


def test_a_station_head_sees_the_street_topics_over_their_community_only(city, people):
    own = new_topic(city)
    other = new_topic(city, area=city.streets[1], title="另一个街道的征集")
    district = new_topic(city, area=city.county, title="全区征集")
    assert set(topics_for(people.station_head)) == {own, district}
    assert set(topics_for(people.dispatcher)) == {own, district}
    other_street = city.dispatchers[city.streets[1].pk]
    assert set(topics_for(other_street)) == {other, district}
    assert not topics_for(people.handler).exists() and not topics_for(people.grid_worker).exists()


def test_another_streets_dispatcher_reads_no_answer_of_this_topic(city, people):
    topic = new_topic(city, area=city.county)
    add_answer(topic, city.communities[0])
    other_street = city.dispatchers[city.streets[1].pk]
    assert not answers_for(other_street, topic).exists()
    add_answer(topic, city.communities[3])
    assert answers_for(other_street, topic).count() == 1


def test_an_answered_topic_keeps_its_question_and_options(city, people):
    topic = new_topic(city)
    add_answer(topic, city.communities[0])
    fields = {
        "area": topic.area,
        "title": "新标题",
        "description": topic.description,
        "starts_on": topic.starts_on,
        "ends_on": timezone.localdate() - timedelta(days=1),
        "question": topic.question,
    }
    with pytest.raises(services.InvalidInput, match="不能再修改"):
        services.update(topic=topic, actor=people.dispatcher, options=["甲", "乙"], **fields)
    services.update(topic=topic, actor=people.dispatcher, options=topic.options, **fields)
    topic.refresh_from_db()
    assert topic.title == "新标题" and not topic.is_open  # ended early by moving its last day
