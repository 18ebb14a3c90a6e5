"""Rollout coverage 工作站覆盖: communities with and without a station, staffed or not."""

import io
import zipfile

import pytest
from django.urls import reverse

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.people.models import StaffProfile, Workstation
from civicgrid.stations import coverage

pytestmark = pytest.mark.django_db


def test_it_counts_every_community_of_the_district(city, people):
    # The small city imports the whole county (its real communities) and builds stations in
    # the first two communities of two streets; each has a head and a grid worker on roster.
    communities = Area.objects.filter(level=Level.COMMUNITY, path__startswith=city.county.path)
    lost = city.communities[1]
    StaffProfile.objects.filter(workstation__community=lost).update(on_roster=False)

    found = coverage.coverage(city.users["leader"])

    total = found.total
    assert total.communities == communities.count() == 229
    assert (total.with_station, total.staffed, total.unstaffed) == (4, 3, 1)
    assert total.without == 225
    assert len(found.streets) == Area.objects.filter(parent=city.county).count()
    first = next(s for s in found.streets if s.code == city.streets[0].code)
    in_first = communities.filter(parent=city.streets[0]).count()
    assert (first.communities, first.with_station, first.staffed) == (in_first, 2, 1)
    assert first.without == in_first - 2
    gaps = coverage.gaps(city.users["leader"])
    assert len(gaps) == 226
    assert [g.station for g in gaps if g.pk == lost.pk] == [Workstation.objects.get(
        community=lost).name]  # fmt: skip


def test_an_inactive_person_on_the_roster_does_not_staff_a_station(city):
    community = city.communities[0]
    StaffProfile.objects.filter(workstation__community=community).update(on_roster=True)
    for profile in StaffProfile.objects.filter(workstation__community=community):
        profile.user.is_active = False
        profile.user.save()
    found = coverage.coverage(city.users["leader"], city.streets[0])
    assert (found.total.with_station, found.total.staffed) == (2, 1)


def test_it_counts_in_one_query(city, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # the grants (unless loaded), the grouped count
        coverage.coverage(city.users["leader"])


def test_a_street_dispatcher_counts_their_street_only(city, people):
    found = coverage.coverage(people.dispatcher)
    assert [s.code for s in found.streets] == [city.streets[0].code]
    assert found.total.communities == Area.objects.filter(parent=city.streets[0]).count()


def test_the_page_drills_into_a_street_and_exports(client, city, people):
    Workstation.objects.filter(community=city.communities[0]).update(is_model=True)
    client.force_login(city.users["leader"])
    url = reverse("stations:coverage")
    page = client.get(url).content.decode()
    assert "229" in page and "225" in page and city.streets[0].name in page
    street = client.get(url, {"street": city.streets[0].code}).content.decode()
    station = Workstation.objects.get(community=city.communities[0])
    assert "示范点" in street and station.name in street
    answer = client.get(url, {"format": "xlsx"})
    book = zipfile.ZipFile(io.BytesIO(b"".join(answer.streaming_content)))
    strings = book.read("xl/sharedStrings.xml").decode()
    assert "未建工作站" in strings and "合计" in strings
    assert "未覆盖社区" in book.read("xl/workbook.xml").decode()


def test_outsiders_are_refused(client, city, people):
    url = reverse("stations:coverage")
    client.force_login(people.dispatcher)
    assert client.get(url, {"street": city.streets[1].code}).status_code == 404
    assert client.get(url, {"street": "nonsense"}).status_code == 404
    assert client.get(url, {"street": "x\x00"}).status_code == 400
    for persona in (people.station_head, people.grid_worker, people.outsider):
        client.force_login(persona)
        assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
