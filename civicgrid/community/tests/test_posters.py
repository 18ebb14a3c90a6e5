"""Poster pages from the current roster, photos inlined for print, and a real PDF."""

import pytest

from civicgrid.community import posters
from civicgrid.community.tests.helpers import needs_chromium, pdf_pages
from civicgrid.demo.photos import photo
from civicgrid.lib.chromium import print_pdf

pytestmark = pytest.mark.django_db
BASE = "https://cg.example.gov.cn"


def test_it_builds_poster_pages_from_the_current_roster(city):
    community = city.communities[0]
    head = city.heads[community.pk].staff
    [page] = posters.poster_pages(communities=[community], base=BASE)
    assert page.workstation.community == community
    assert head in page.roster and page.roster_changed_at is not None
    assert city.users["leader"].staff not in page.roster  # not on this station's roster
    assert page.url == f"{BASE}/c/{community.code}/report/"


def test_it_inlines_staff_photos_for_the_pdf_and_links_them_for_the_browser(city, people):
    community = city.communities[0]
    head = people.station_head.staff
    head.photo.save("head.jpg", photo("after", seed=3), save=True)
    [linked] = posters.poster_pages(communities=[community], base=BASE)
    [inlined] = posters.poster_pages(communities=[community], base=BASE, inline=True)
    assert dict(linked.photos)[head] == head.photo.url
    assert dict(inlined.photos)[head].startswith("data:image/jpeg;base64,")
    html = posters.poster_html(pages=[inlined], for_print=True)
    assert 'src="data:image/jpeg;base64,' in html and "返回海报列表" not in html
    assert "@page { size: A4" in html  # the stylesheet inline: Chromium prints without a server


@needs_chromium
def test_it_prints_a_poster_to_a_real_pdf(city):
    pages = posters.poster_pages(communities=[city.communities[0]], base=BASE, inline=True)
    pdf = print_pdf(posters.poster_html(pages=pages, for_print=True))
    assert pdf.startswith(b"%PDF") and pdf_pages(pdf) == 1
