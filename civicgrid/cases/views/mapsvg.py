"""A small offline map: the case's grid outline and its point, drawn as SVG."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

WIDTH, HEIGHT, PAD = 360, 240, 12


def case_map(case):
    """SVG markup, or '' when the case has neither grid outline nor point."""
    grid = case.grid
    rings = []
    if grid and grid.boundary:
        geom = grid.boundary
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        rings = [poly[0] for poly in polys]
    points = [p for ring in rings for p in ring]
    if case.lng is not None:
        points.append((case.lng, case.lat))
    if not points:
        return ""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-4)
    scale = min(WIDTH - 2 * PAD, HEIGHT - 2 * PAD) / span

    def xy(lng, lat):
        return PAD + (lng - min(xs)) * scale, HEIGHT - PAD - (lat - min(ys)) * scale

    outlines = format_html_join(
        "",
        '<polygon points="{}" fill="#dbeafe" stroke="#0f5fa8" stroke-width="2"/>',
        ((" ".join("{:.1f},{:.1f}".format(*xy(*p)) for p in ring),) for ring in rings),
    )
    marker = ""
    if case.lng is not None:
        x, y = xy(case.lng, case.lat)
        marker = format_html(
            '<circle cx="{}" cy="{}" r="7" fill="{}" stroke="#fff" stroke-width="2"/>',
            f"{x:.1f}",
            f"{y:.1f}",
            case.colour,
        )
    return format_html(
        '<svg class="map" viewBox="0 0 {} {}" role="img" aria-label="{}">{}{}</svg>',
        WIDTH,
        HEIGHT,
        _("%(grid)s 位置示意") % {"grid": grid.name if grid else ""},
        outlines,
        marker,
    )
