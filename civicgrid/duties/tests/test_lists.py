import pytest

from civicgrid.duties import lists
from civicgrid.duties.choices import ListKind
from civicgrid.duties.errors import DutyError, NotAllowed
from civicgrid.duties.tests.helpers import department, published, station

pytestmark = pytest.mark.django_db


def test_it_keeps_the_old_version_readable_when_a_new_one_is_published(city, people):
    first = published(city, people, rows=("巡查", "宣传"))
    head = people.station_head
    draft = lists.start_draft(unit=station(city), kind=ListKind.DUTIES, actor=head)
    assert draft.number == 2
    assert [i.content for i in draft.items.all()] == ["巡查", "宣传"]  # copied from v1
    lists.add_item(version=draft, actor=head, content="坐班接待")
    second = lists.publish(version=draft, actor=head, note="增加坐班")
    first.refresh_from_db()
    assert [i.content for i in first.items.all()] == ["巡查", "宣传"]
    assert first.published_by == head and first.published_at < second.published_at
    assert lists.current(second.duty_list) == second
    assert second.items.count() == 3


def test_it_refuses_to_change_a_published_version(city, people):
    version = published(city, people)
    item = version.items.get()
    with pytest.raises(DutyError, match="已发布的版本不能修改"):
        lists.edit_item(item=item, actor=people.station_head, content="改过")
    with pytest.raises(DutyError):
        lists.remove_item(item=item, actor=people.station_head)
    with pytest.raises(DutyError):
        lists.add_item(version=version, actor=people.station_head, content="新增")


def test_it_reorders_and_renumbers_rows(city, people):
    head = people.station_head
    draft = lists.start_draft(unit=station(city), kind=ListKind.POWERS, actor=head)
    a, b, c = (lists.add_item(version=draft, actor=head, content=t) for t in "甲乙丙")
    lists.move_item(item=c, actor=head, up=True)
    assert [i.content for i in draft.items.all()] == ["甲", "丙", "乙"]
    lists.remove_item(item=a, actor=head)
    assert [(i.position, i.content) for i in draft.items.all()] == [(1, "丙"), (2, "乙")]
    lists.move_item(item=b, actor=head, up=False)  # already last: nothing moves
    assert [i.content for i in draft.items.all()] == ["丙", "乙"]


def test_it_refuses_bad_rows_and_an_empty_publication(city, people):
    head = people.station_head
    draft = lists.start_draft(unit=station(city), kind=ListKind.TASKS, actor=head)
    with pytest.raises(DutyError, match="事项内容不能为空"):
        lists.add_item(version=draft, actor=head, content="  ")
    with pytest.raises(DutyError, match="类别最多 30 个字"):
        lists.add_item(version=draft, actor=head, content="巡查", kind="类" * 31)
    with pytest.raises(DutyError, match="还没有事项"):
        lists.publish(version=draft, actor=head)


def test_a_station_head_edits_only_their_own_station(city, people):
    other = city.heads[city.communities[3].pk]
    with pytest.raises(NotAllowed):
        lists.start_draft(unit=station(city, 0), kind=ListKind.DUTIES, actor=other)
    with pytest.raises(NotAllowed):  # a department's list is the district's to draw up
        lists.start_draft(unit=department(city), kind=ListKind.DUTIES, actor=people.station_head)
    with pytest.raises(NotAllowed):  # a handler reports progress but draws up no list
        lists.start_draft(unit=department(city), kind=ListKind.DUTIES, actor=people.handler)
    assert lists.start_draft(unit=department(city), kind=ListKind.DUTIES, actor=people.leader)


def test_only_a_station_keeps_three_lists(city, people):
    assert len(lists.kinds_for(station(city))) == 3
    with pytest.raises(DutyError, match="没有这类清单"):
        lists.start_draft(unit=department(city), kind=ListKind.POWERS, actor=people.leader)
