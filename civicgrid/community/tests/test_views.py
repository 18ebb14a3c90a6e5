"""The public community page, the poster pages and the street batch, seen by each persona."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import segno
import time_machine
from django.urls import reverse
from django.utils import timezone

from civicgrid.cases.tests.helpers import new_case
from civicgrid.community import qr
from civicgrid.community.choices import BatchStatus
from civicgrid.community.demo import seed
from civicgrid.community.models import Event, Notice, PosterBatch
from civicgrid.community.tests.helpers import closed_case, needs_chromium, pdf_pages
from civicgrid.people.models import StaffProfile

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def page_url(community):
    return reverse("community:community-detail", args=[community.code])


def poster_url(community):
    return reverse("community:poster-detail", args=[community.code])


def pdf_url(community):
    return reverse("community:poster-pdf", args=[community.code])


def batch_url(street):
    return reverse("community:batch-create", args=[street.code])


# --- the public community page --------------------------------------------------------------


def test_it_shows_the_workstation_roster_notices_and_events_without_login(client, city):
    community = city.communities[0]
    seed(city)
    Notice.objects.create(
        community=community, title="旧通知", body="已过期", expires_at=timezone.now()
    )
    Event.objects.create(
        community=community, title="上周的活动", starts_at=timezone.now() - timedelta(days=7)
    )
    response = client.get(page_url(community))
    text = response.content.decode()
    assert response.status_code == 200
    station = community.workstation
    for shown in (station.name, station.address, station.hours, station.phone):
        assert shown in text
    for person in (city.heads[community.pk], city.grid_workers[community.pk]):
        assert person.staff.name in text and person.staff.duty in text
    assert "城管工作站开放接待时间调整" in text and "城管开放日：垃圾分类宣传" in text
    assert "旧通知" not in text and "上周的活动" not in text
    assert f'href="/c/{community.code}/report/"' in text and "我要反映问题" in text


def test_it_shows_figures_from_real_cases_and_never_the_reporter(client, city, people):
    community = city.communities[0]
    secret = "13987654321"
    closed_case(city, people, rating=5, reporter_phone=secret, description="张三家门口<b>堆物</b>")
    closed_case(city, people, late=True, reporter_name="李四")
    new_case(city)
    text = client.get(page_url(community)).content.decode()
    figures = text.split('id="figures"')[1].split("</section>")[0]
    assert "<b>3</b><span>本月反映问题" in figures
    assert "<b>50%</b><span>按时办结率" in figures
    assert "<b>5.0</b><span>平均满意度" in figures
    solved = text.split('id="solved"')[1]
    assert solved.count('class="solved"') == 2 and "处置后" in solved
    for private in (secret, "139****4321", "张三", "堆物", "李四", "小区门口有一堆"):
        assert private not in text


def test_it_builds_the_community_page_in_a_fixed_number_of_queries(
    client, city, people, django_assert_max_num_queries
):
    seed(city)
    for _ in range(3):
        closed_case(city, people, rating=4)
    # 10th: the open consultations (consult app); 11th: today's desk duty (field app);
    # 12th: the community's published typical cases (stations app); 13th: the red and black
    # lists (shops app); 14th: the open surveys (consult app); 15th: the needs and agenda
    # items (council app); 16th and 17th: past events with a report, 以案普法 stories.
    with django_assert_max_num_queries(17):
        assert client.get(page_url(city.communities[0])).status_code == 200


def test_it_escapes_what_staff_type_into_notices(client, city):
    community = city.communities[0]
    Notice.objects.create(community=community, title="<script>alert(1)</script>", body="<i>x</i>")
    text = client.get(page_url(community)).content.decode()
    assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)" in text


def test_it_is_404_for_a_code_that_is_not_a_community(client, city):
    assert client.get(page_url(city.streets[0])).status_code == 404


# --- posters: who may print -----------------------------------------------------------------


def test_it_sends_anonymous_visitors_to_login(client, city):
    community, street = city.communities[0], city.streets[0]
    for url in (poster_url(community), pdf_url(community), batch_url(street)):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/login/")


@pytest.mark.parametrize("persona", ["outsider", "neighbour", "handler"])
def test_it_hides_posters_outside_the_scope(client, city, people, persona):
    client.force_login(getattr(people, persona))
    community, street = city.communities[0], city.streets[0]
    expected = 403 if persona == "handler" else 404  # department staff: in no area, no action
    assert client.get(poster_url(community)).status_code == expected
    assert client.get(pdf_url(community)).status_code == expected
    assert client.get(batch_url(street)).status_code == expected
    assert client.post(batch_url(street)).status_code == expected
    assert not PosterBatch.objects.exists()


def test_it_forbids_a_grid_worker_without_the_poster_action(client, city, people):
    client.force_login(people.grid_worker)
    assert client.get(poster_url(city.communities[0])).status_code == 403


def test_it_hides_another_street_batch_from_a_station_head(client, city, people):
    batch = PosterBatch.objects.create(street=city.streets[0], requested_by=people.dispatcher)
    for persona in ("station_head", "outsider"):
        client.force_login(getattr(people, persona))
        assert client.get(batch_url(city.streets[0])).status_code == 404
        detail = reverse("community:batch-detail", args=[batch.pk])
        assert client.get(detail).status_code == 404
        download = reverse("community:batch-download", args=[batch.pk])
        assert client.get(download).status_code == 404


# --- posters: what they show ----------------------------------------------------------------


def test_it_prints_the_roster_workstation_and_qr_on_the_poster(client, city, people):
    community = city.communities[0]
    client.force_login(people.station_head)
    response = client.get(poster_url(community))
    text = response.content.decode()
    assert response.status_code == 200 and "/static/css/poster.css" in text
    station = community.workstation
    for shown in (community.name, station.name, station.address, station.hours, station.phone):
        assert shown in text
    for person in (city.heads[community.pk], city.grid_workers[community.pk]):
        assert person.staff.name in text and person.staff.phone in text
    url = qr.report_url(community=community)
    assert url in text
    assert segno.make(url, error="m").svg_inline(omitsize=True, border=2) in text


def test_it_prints_a_grid_poster_with_the_grid_in_the_qr(client, city, people):
    community, grid = city.communities[0], city.grids[0]
    client.force_login(people.station_head)
    text = client.get(poster_url(community), {"g": grid.code}).content.decode()
    url = qr.report_url(community=community, grid=grid)
    assert grid.name in text
    assert segno.make(url, error="m").svg_inline(omitsize=True, border=2) in text
    other = city.grids[-1]  # a grid of another community
    assert client.get(poster_url(community), {"g": other.code}).status_code == 404


def test_it_reprints_with_the_new_roster_when_staff_change(client, city, people):
    community = city.communities[0]
    client.force_login(people.station_head)
    # A stored copy: the session's user objects, cached staff included, stay as they are for
    # the tests after this one (the database rolls back, memory does not).
    worker = StaffProfile.objects.get(user=city.grid_workers[community.pk])
    before = client.get(poster_url(community)).content.decode()
    changed_at = datetime(2028, 5, 6, 10, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(changed_at, tick=False):
        worker.name, worker.phone = "新来的网格员", "0797-8123456"
        worker.save()
    after = client.get(poster_url(community)).content.decode()
    assert "新来的网格员" in after and "0797-8123456" in after and "新来的网格员" not in before
    assert "名单更新于 2028年5月6日 10:30" in after and "2028年5月6日" not in before
    worker.on_roster = False
    worker.save()
    assert "新来的网格员" not in client.get(poster_url(community)).content.decode()


@needs_chromium
def test_it_serves_the_poster_as_a_pdf(client, city, people):
    client.force_login(people.station_head)
    response = client.get(pdf_url(city.communities[0]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and pdf_pages(response.content) == 1


def test_it_explains_instead_of_failing_when_chromium_is_missing(client, city, people, monkeypatch):
    monkeypatch.setenv("CHROMIUM", "")
    monkeypatch.setenv("PATH", "/nonexistent")
    client.force_login(people.station_head)
    response = client.get(pdf_url(city.communities[0]))
    assert response.status_code == 503
    assert "服务器未安装 Chromium，无法生成 PDF；请打开网页版用浏览器打印" in (
        response.content.decode()
    )


def test_it_lists_only_the_communities_in_scope_grouped_by_street(client, city, people):
    first, second = city.streets
    client.force_login(people.dispatcher)
    text = client.get(reverse("community:poster-list")).content.decode()
    assert first.name in text and second.name not in text
    assert batch_url(first) in text
    for community in city.communities[:2]:
        assert poster_url(community) in text and pdf_url(community) in text
    assert poster_url(city.communities[2]) not in text
    assert f"{poster_url(city.communities[0])}?g={city.grids[0].code}" in text
    client.force_login(people.station_head)
    text = client.get(reverse("community:poster-list")).content.decode()
    assert poster_url(city.communities[0]) in text
    assert poster_url(city.communities[1]) not in text and batch_url(first) not in text
    client.force_login(people.outsider)
    text = client.get(reverse("community:poster-list")).content.decode()
    assert "没有可打印海报的社区" in text


# --- street batches -------------------------------------------------------------------------


def test_it_queues_a_street_batch_and_shows_a_self_refreshing_progress_page(client, city, people):
    client.force_login(people.dispatcher)
    street = city.streets[0]
    response = client.post(batch_url(street))
    batch = PosterBatch.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("community:batch-detail", args=[batch.pk])
    assert batch.status == BatchStatus.PENDING and batch.requested_by == people.dispatcher
    text = client.get(response.url).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in text and "已生成" in text
    assert 'id="done">0</span> / <span id="total">2<' in text and 'id="download"' not in text


@needs_chromium
def test_it_offers_the_finished_street_pdf_for_download(client, city, people, settings):
    settings.TASKS = IMMEDIATE
    client.force_login(people.dispatcher)
    response = client.post(batch_url(city.streets[0]), follow=True)
    text = response.content.decode()
    assert 'id="done">2</span> / <span id="total">2<' in text
    assert 'http-equiv="refresh"' not in text and 'id="download"' in text
    batch = PosterBatch.objects.get()
    pdf = client.get(reverse("community:batch-download", args=[batch.pk]))
    body = b"".join(pdf.streaming_content)
    assert pdf["Content-Type"] == "application/pdf" and pdf_pages(body) == 2
