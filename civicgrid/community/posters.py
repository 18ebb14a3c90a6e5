"""A4 community posters: roster, workstation and QR code, as one HTML document."""

import base64
import functools
import io
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.contrib.staticfiles import finders
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from PIL import Image

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.community.models import RosterStamp
from civicgrid.community.qr import qr_svg, report_url
from civicgrid.people import actions
from civicgrid.people.models import StaffProfile, Workstation
from civicgrid.people.scopes import area_scope

log = logging.getLogger("civicgrid.community")


@dataclass
class PosterPage:
    """Everything one A4 poster shows."""

    community: Area
    workstation: Workstation | None
    roster: list[StaffProfile]
    url: str
    qr: SafeString
    roster_changed_at: datetime | None
    grid: Area | None = None
    photos: list[tuple[StaffProfile, str]] = field(default_factory=list)  # (person, img src)


def roster(community: Area) -> list[StaffProfile]:
    """The public roster of a community's workstation, station heads first."""
    return list(
        StaffProfile.objects.filter(workstation__community=community, on_roster=True).order_by(
            "title", "pk"
        )
    )


def _photo_src(profile: StaffProfile, *, inline: bool) -> str:
    """The photo's URL, or a small JPEG data URI so a PDF needs no server round trip."""
    if not profile.photo:
        return ""
    if not inline:
        return profile.photo.url
    try:
        with profile.photo.open("rb") as fh, Image.open(fh) as source:
            img = source.convert("RGB")
            img.thumbnail((240, 320))
            out = io.BytesIO()
            img.save(out, "JPEG", quality=80)
    except (OSError, ValueError):
        log.warning("staff photo of %s unreadable", profile.pk)
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()


def poster_pages(
    *, communities, base: str, grid: Area | None = None, inline: bool = False
) -> list[PosterPage]:
    """One poster per community, from the current roster (so a poster is never stale); the QR
    codes point under `base`, the public base URL."""
    communities = list(communities)
    ids = [c.pk for c in communities]
    stations = {w.community_id: w for w in Workstation.objects.filter(community_id__in=ids)}
    stamps = dict(
        RosterStamp.objects.filter(community_id__in=ids).values_list("community_id", "changed_at")
    )
    people: dict[int, list] = {}
    for p in (
        StaffProfile.objects.filter(workstation__community_id__in=ids, on_roster=True)
        .select_related("workstation")
        .order_by("title", "pk")
    ):
        if p.workstation is not None:  # the filter above guarantees it
            people.setdefault(p.workstation.community_id, []).append(p)
    pages = []
    for community in communities:
        staff = people.get(community.pk, [])
        url = report_url(community=community, grid=grid, base=base)
        pages.append(
            PosterPage(
                community=community,
                workstation=stations.get(community.pk),
                roster=staff,
                url=url,
                qr=qr_svg(url),
                roster_changed_at=stamps.get(community.pk),
                grid=grid,
                photos=[(p, _photo_src(p, inline=inline)) for p in staff],
            )
        )
    return pages


def poster_html(*, pages: list[PosterPage], for_print: bool = False) -> str:
    """The standalone A4 poster document: one page per community; for print, styles inline."""
    context = {"pages": pages, "for_print": for_print, "generated_at": timezone.now()}
    if for_print:
        context["print_css"] = _print_css()
    return render_to_string("community/poster_detail.html", context)


@functools.cache
def _print_css() -> SafeString:
    """The poster stylesheet, to inline in the file Chromium prints (it has no server)."""
    return SafeString(Path(str(finders.find("css/poster.css"))).read_text(encoding="utf-8"))


def poster_communities(user):
    """Communities with a workstation whose posters this user may print, by street."""
    qs = Area.objects.filter(level=Level.COMMUNITY, workstation__isnull=False)
    qs = qs.filter(area_scope(user, actions.COMMUNITY_POSTER))
    grids = Prefetch("children", queryset=Area.objects.grids(), to_attr="grid_list")
    return qs.select_related("parent", "workstation").prefetch_related(grids).order_by("path")
