"""Community QR codes: the stable report address of a community or grid, drawn as SVG."""

from urllib.parse import urlencode

import segno
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from civicgrid.areas.models import Area
from civicgrid.lib.urls import public_url


def report_url(*, community: Area, grid: Area | None = None, base: str | None = None) -> str:
    """The absolute, stable URL a community's (or one grid's) QR code opens, under `base`
    (the public base URL; see lib.urls.public_url)."""
    base = public_url() if base is None else base
    url = base + reverse("intake:report", kwargs={"community_code": community.code})
    return f"{url}?{urlencode({'g': grid.code})}" if grid else url


def qr_svg(url: str) -> SafeString:
    """The QR code of `url` as inline SVG with a viewBox, sized by the page's CSS."""
    svg = segno.make(url, error="m").svg_inline(omitsize=True, border=2)
    return mark_safe(svg)  # noqa: S308 - segno's own markup of our own URL
