"""QR targets: the public report page of a community or grid, drawn exactly."""

import pytest
import segno

from civicgrid.community import qr

pytestmark = pytest.mark.django_db


def test_it_points_the_qr_at_the_public_report_page_from_the_division_code(city, settings):
    settings.CIVICGRID_PUBLIC_URL = "https://cg.example.gov.cn/"
    community = city.communities[0]
    url = qr.report_url(community=community)
    assert url == f"https://cg.example.gov.cn/c/{community.code}/report/"
    grid = city.grids[0]
    assert qr.report_url(community=community, grid=grid) == f"{url}?g={grid.code}"


def test_it_draws_the_qr_code_of_exactly_that_url(city):
    url = qr.report_url(community=city.communities[0])
    svg = qr.qr_svg(url)
    expected = segno.make(url, error="m").svg_inline(omitsize=True, border=2)
    other = segno.make(url + "x", error="m").svg_inline(omitsize=True, border=2)
    assert svg.startswith("<svg") and "viewBox" in svg
    assert svg == expected and svg != other
