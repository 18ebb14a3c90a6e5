"""The hotline's workflow rows: a re-imported order's changes, and placing an unplaced case."""

import pytest

from civicgrid.cases import workflow as wf
from civicgrid.cases.choices import RequestType
from civicgrid.cases.models import Case
from civicgrid.cases.search import matching
from civicgrid.cases.tests.helpers import new_case

pytestmark = pytest.mark.django_db


def test_hotline_update_changes_the_case_with_one_internal_event(city, people):
    case = new_case(city)
    event = wf.hotline_update(
        case=case,
        actor=people.dispatcher,
        changes={"description": "  厚德路口井盖缺失很危险  ", "request_type": RequestType.HELP},
    )
    case.refresh_from_db()
    assert case.description == "厚德路口井盖缺失很危险" and case.request_type == RequestType.HELP
    assert event.public is False and event.data == {"fields": ["description", "request_type"]}
    assert list(matching(Case.objects.all(), "井盖缺失")) == [case]  # the search index moved


def test_hotline_update_refuses_bad_input_and_people_without_the_action(city, people):
    case = new_case(city)
    for changes, message in [
        ({"status": "closed"}, "不能更新的字段"),
        ({"description": "脏"}, "至少 4 个字"),
        ({"request_type": "nonsense"}, "未知的诉求类型"),
        ({"reporter_phone": "12345"}, "手机号码"),
    ]:
        with pytest.raises(wf.InvalidInput, match=message):
            wf.hotline_update(case=case, actor=people.dispatcher, changes=changes)
    for who in (people.grid_worker, people.handler, people.outsider, None):
        with pytest.raises(wf.NotAllowed):
            wf.hotline_update(case=case, actor=who, changes={"address": "西津路1号"})
    with pytest.raises(wf.UnknownAction):
        wf.perform(case=case, action="hotline_update", actor=people.dispatcher)


def test_place_moves_the_case_into_a_community_or_grid_of_the_actor(city, people):
    case = new_case(city)
    community = city.communities[1]
    wf.place(case=case, actor=people.dispatcher, area=community)
    case.refresh_from_db()
    assert case.grid is None and case.area_path == community.path
    with pytest.raises(wf.InvalidInput):
        wf.place(case=case, actor=people.dispatcher, area=city.streets[0])
    with pytest.raises(wf.NotAllowed):
        wf.place(case=case, actor=people.grid_worker, area=city.grids[0])
