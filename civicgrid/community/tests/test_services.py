"""QR targets, poster pages, figures from real cases, PDF rendering and street batches."""

import pytest
import segno
from django.utils import timezone

from civicgrid.cases.tests.helpers import new_case
from civicgrid.community import services
from civicgrid.community.choices import BatchStatus
from civicgrid.community.models import PosterBatch
from civicgrid.community.tasks import render_street_posters
from civicgrid.community.tests.helpers import closed_case, needs_chromium, pdf_pages
from civicgrid.demo.photos import photo

pytestmark = pytest.mark.django_db


def test_it_points_the_qr_at_the_public_report_page_from_the_division_code(city, settings):
    settings.CIVICGRID_PUBLIC_URL = "https://cg.example.gov.cn/"
    community = city.communities[0]
    url = services.report_url(community=community)
    assert url == f"https://cg.example.gov.cn/c/{community.code}/report/"
    grid = city.grids[0]
    assert services.report_url(community=community, grid=grid) == f"{url}?g={grid.code}"


def test_it_draws_the_qr_code_of_exactly_that_url(city):
    url = services.report_url(community=city.communities[0])
    svg = services.qr_svg(url)
    expected = segno.make(url, error="m").svg_inline(omitsize=True, border=2)
    other = segno.make(url + "x", error="m").svg_inline(omitsize=True, border=2)
    assert svg.startswith("<svg") and "viewBox" in svg
    assert svg == expected and svg != other


def test_it_builds_poster_pages_from_the_current_roster(city):
    community = city.communities[0]
    head = city.heads[community.pk].staff
    [page] = services.poster_pages(communities=[community])
    assert page.workstation.community == community
    assert head in page.roster and page.roster_changed_at is not None
    assert city.users["leader"].staff not in page.roster  # not on this station's roster


def test_it_inlines_staff_photos_for_the_pdf_and_links_them_for_the_browser(city, people):
    community = city.communities[0]
    head = people.station_head.staff
    head.photo.save("head.jpg", photo("after", seed=3), save=True)
    [linked] = services.poster_pages(communities=[community])
    [inlined] = services.poster_pages(communities=[community], inline=True)
    assert dict(linked.photos)[head] == head.photo.url
    assert dict(inlined.photos)[head].startswith("data:image/jpeg;base64,")
    html = services.poster_html(pages=[inlined], for_print=True)
    assert 'src="data:image/jpeg;base64,' in html and "返回海报列表" not in html


def test_it_counts_figures_from_real_cases(city, people):
    community = city.communities[0]
    closed_case(city, people, rating=5)
    closed_case(city, people, rating=3)
    closed_case(city, people, late=True)
    new_case(city)  # still open: counts as a report, not as closed
    new_case(city, community=1)  # the neighbouring community: not counted here
    figures = services.figures(community=community)
    assert figures.reports_this_month == 4
    assert (figures.closed, figures.closed_on_time, figures.on_time_percent) == (3, 2, 67)
    assert (figures.rated, figures.average_rating) == (2, 4.0)


def test_it_lists_solved_cases_without_anything_personal(city, people):
    case = closed_case(city, people, rating=4)
    [solved] = services.solved_cases(community=city.communities[0])
    assert solved.category == case.category.name and solved.place == case.grid.name
    assert len(solved.before) == 0 and len(solved.after) == 1
    assert not hasattr(solved, "description") and not hasattr(solved, "reporter_phone")


@needs_chromium
def test_it_prints_a_poster_to_a_real_pdf(city):
    pages = services.poster_pages(communities=[city.communities[0]], inline=True)
    pdf = services.render_pdf(services.poster_html(pages=pages, for_print=True))
    assert pdf.startswith(b"%PDF") and pdf_pages(pdf) == 1


def test_it_explains_when_chromium_is_missing(monkeypatch):
    monkeypatch.setenv("CHROMIUM", "")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(services.PdfUnavailable, match="服务器未安装 Chromium"):
        services.render_pdf("<p>x</p>")


@needs_chromium
def test_it_prints_a_whole_street_into_one_pdf_in_the_background(city, people, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    street = city.streets[0]
    batch = services.start_batch(street=street, actor=people.dispatcher)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.total == 2 and batch.done == 2
    assert batch.finished_at <= timezone.now() and batch.error == ""
    with batch.file.open("rb") as fh:
        pdf = fh.read()
    assert pdf.startswith(b"%PDF") and pdf_pages(pdf) == 2


def test_it_records_a_failed_batch_instead_of_crashing(city, people, monkeypatch):
    monkeypatch.setenv("CHROMIUM", "")
    monkeypatch.setenv("PATH", "/nonexistent")
    batch = PosterBatch.objects.create(street=city.streets[0], requested_by=people.dispatcher)
    render_street_posters.call(batch.pk)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and "Chromium" in batch.error
    assert batch.done == batch.total == 2 and not batch.file
