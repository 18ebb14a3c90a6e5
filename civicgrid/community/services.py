"""Community QR codes and posters (HTML and PDF), batch printing, and the public page's data."""

import base64
import io
import logging
import os
import signal
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Avg, Count, Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from PIL import Image

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.cases.choices import PhotoKind, Status
from civicgrid.cases.models import Attachment, Case
from civicgrid.community.choices import BatchStatus
from civicgrid.community.models import Event, Notice, PosterBatch, RosterStamp
from civicgrid.lib.chromium import CHROMIUM_ARGS, chromium_path
from civicgrid.people import actions
from civicgrid.people.models import StaffProfile, Workstation
from civicgrid.people.scopes import area_scope, can

log = logging.getLogger("civicgrid.community")

PDF_TIMEOUT = 60  # seconds for one poster; a street batch gets a few more per page
FIGURE_WINDOW_DAYS = 90  # on-time share and rating are over cases closed in this window
SOLVED_SHOWN = 6


class PdfError(Exception):
    """The PDF could not be made; the message is for the person who asked."""


class PdfUnavailable(PdfError):
    """This server has no Chromium to print with."""


# --- QR codes -------------------------------------------------------------------------------


def report_url(*, community: Area, grid: Area | None = None) -> str:
    """The absolute, stable URL a community's (or one grid's) QR code opens."""
    base = settings.CIVICGRID_PUBLIC_URL.rstrip("/")
    url = base + reverse("intake:report", kwargs={"community_code": community.code})
    return f"{url}?{urlencode({'g': grid.code})}" if grid else url


def qr_svg(url: str) -> SafeString:
    """The QR code of `url` as inline SVG with a viewBox, sized by the page's CSS."""
    svg = segno.make(url, error="m").svg_inline(omitsize=True, border=2)
    return mark_safe(svg)  # noqa: S308 - segno's own markup of our own URL


# --- posters --------------------------------------------------------------------------------


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
        with profile.photo.open("rb") as fh, Image.open(fh) as img:
            img = img.convert("RGB")
            img.thumbnail((240, 320))
            out = io.BytesIO()
            img.save(out, "JPEG", quality=80)
    except (OSError, ValueError):
        log.warning("staff photo of %s unreadable", profile.pk)
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()


def poster_pages(*, communities, grid: Area | None = None, inline: bool = False) -> list:
    """One poster per community, from the current roster (so a poster is never stale)."""
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
        people.setdefault(p.workstation.community_id, []).append(p)
    pages = []
    for community in communities:
        staff = people.get(community.pk, [])
        url = report_url(community=community, grid=grid)
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
    """The standalone A4 poster document: one page per community, styles inline."""
    return render_to_string(
        "community/poster_detail.html",
        {"pages": pages, "for_print": for_print, "generated_at": timezone.now()},
    )


def render_pdf(html: str, *, timeout: int = PDF_TIMEOUT) -> bytes:
    """Print an HTML document to PDF with headless Chromium."""
    path, flags = chromium_path(), CHROMIUM_ARGS
    if path is None:
        raise PdfUnavailable(_("服务器未安装 Chromium，无法生成 PDF；请打开 HTML 海报用浏览器打印"))
    with tempfile.TemporaryDirectory(prefix="civicgrid-pdf-") as tmp:
        source, out = Path(tmp, "poster.html"), Path(tmp, "poster.pdf")
        source.write_text(html, encoding="utf-8")
        command = [
            path,
            "--headless",
            *flags,
            f"--user-data-dir={tmp}/profile",
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
            f"--print-to-pdf={out}",
            source.as_uri(),
        ]
        # Own process group: on timeout the whole Chromium family goes, not just the parent.
        proc = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env={**os.environ, "HOME": tmp},
        )
        try:
            stderr = proc.communicate(timeout=timeout)[1]
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise PdfError(_("生成 PDF 超时，请稍后重试")) from None
        data = out.read_bytes() if out.exists() else b""
    if not data.startswith(b"%PDF"):
        log.error("chromium failed (%s): %s", proc.returncode, stderr.decode(errors="replace"))
        raise PdfError(_("生成 PDF 失败，请稍后重试或打开 HTML 海报用浏览器打印"))
    return data


# --- who may print what ---------------------------------------------------------------------


def poster_communities(user):
    """Communities with a workstation whose posters this user may print, by street."""
    qs = Area.objects.filter(level=Level.COMMUNITY, workstation__isnull=False)
    scope = area_scope(user, actions.COMMUNITY_POSTER)
    if scope is not None:
        qs = qs.filter(scope)
    grids = Prefetch("children", queryset=Area.objects.grids(), to_attr="grid_list")
    return qs.select_related("parent", "workstation").prefetch_related(grids).order_by("path")


# --- street batches -------------------------------------------------------------------------


def street_communities(street: Area):
    return Area.objects.filter(
        parent=street, level=Level.COMMUNITY, workstation__isnull=False
    ).order_by("code")


def start_batch(*, street: Area, actor) -> PosterBatch:
    """Queue the posters of every community of a street as one multi-page PDF."""
    from civicgrid.community.tasks import render_street_posters

    if not can(actor, actions.COMMUNITY_POSTER, street):
        raise PermissionError("no poster permission over this street")
    batch = PosterBatch.objects.create(
        street=street,
        requested_by=actor,
        total=street_communities(street).count(),
        token=uuid.uuid4().hex,
    )
    render_street_posters.enqueue(batch.pk)
    return batch


def run_batch(*, batch_id: int) -> PosterBatch:
    """Render one street batch, recording progress as each community's page is ready."""
    try:
        return _run_batch(batch_id)
    except Exception:
        # Never leave the progress page spinning on a batch the worker gave up on.
        PosterBatch.objects.filter(pk=batch_id).exclude(status=BatchStatus.DONE).update(
            status=BatchStatus.FAILED,
            error=str(_("生成失败，请稍后重试")),
            finished_at=timezone.now(),
        )
        raise


def _run_batch(batch_id: int) -> PosterBatch:
    batch = PosterBatch.objects.select_related("street").get(pk=batch_id)
    communities = list(street_communities(batch.street))
    PosterBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.RUNNING, total=len(communities), done=0
    )
    pages = []
    for done, community in enumerate(communities, start=1):
        pages += poster_pages(communities=[community], inline=True)
        PosterBatch.objects.filter(pk=batch.pk).update(done=done)
    batch.refresh_from_db()
    try:
        pdf = render_pdf(
            poster_html(pages=pages, for_print=True), timeout=PDF_TIMEOUT + 5 * len(pages)
        )
    except PdfError as exc:
        batch.status, batch.error = BatchStatus.FAILED, str(exc)
    else:
        batch.file.save(f"{batch.token}.pdf", ContentFile(pdf), save=False)
        batch.status = BatchStatus.DONE
    batch.finished_at = timezone.now()
    batch.save()
    return batch


# --- the public community page --------------------------------------------------------------


@dataclass
class Figures:
    """Simple figures a resident can read at a glance."""

    reports_this_month: int
    closed: int
    closed_on_time: int
    rated: int
    average_rating: float | None

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.closed_on_time / self.closed) if self.closed else None


def figures(*, community: Area, now: datetime | None = None) -> Figures:
    """Reports this month; on-time share and average rating of cases closed lately."""
    now = now or timezone.now()
    month_start = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    here = Case.objects.filter(area_path__startswith=community.path)
    closed = here.filter(
        status=Status.CLOSED, closed_at__gte=now - timedelta(days=FIGURE_WINDOW_DAYS)
    ).aggregate(
        closed=Count("pk"),
        on_time=Count("pk", filter=Q(overdue_count=0)),
        rated=Count("rating"),
        rating=Avg("rating"),
    )
    return Figures(
        reports_this_month=here.filter(reported_at__gte=month_start).count(),
        closed=closed["closed"],
        closed_on_time=closed["on_time"],
        rated=closed["rated"],
        average_rating=round(closed["rating"], 1) if closed["rating"] is not None else None,
    )


@dataclass
class SolvedCase:
    """A closed case as the public may see it: no description, names, phones or address."""

    category: str
    place: str
    closed_at: datetime
    before: list[str]
    after: list[str]


def solved_cases(*, community: Area, limit: int = SOLVED_SHOWN) -> list[SolvedCase]:
    """The latest closed cases of a community, anonymised, with before/after photos."""
    photos = Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "pk"))
    cases = (
        Case.objects.filter(area_path__startswith=community.path, status=Status.CLOSED)
        .select_related("category", "grid")
        .prefetch_related(photos)
        .order_by("-closed_at")[:limit]
    )
    return [
        SolvedCase(
            category=c.category.name if c.category else str(_("其他问题")),
            place=c.grid.name if c.grid else community.name,
            closed_at=c.closed_at,
            before=[a.image.url for a in c.attachments.all() if a.kind == PhotoKind.BEFORE][:1],
            after=[a.image.url for a in c.attachments.all() if a.kind == PhotoKind.AFTER][:1],
        )
        for c in cases
    ]


def community_page(*, community: Area, now: datetime | None = None) -> dict:
    """What the public community page shows."""
    now = now or timezone.now()
    workstation = Workstation.objects.filter(community=community).first()
    return {
        "community": community,
        "workstation": workstation,
        "roster": roster(community),
        "notices": list(Notice.objects.filter(community=community).current(now)[:5]),
        "events": list(Event.objects.filter(community=community, starts_at__gte=now)[:5]),
        "solved": solved_cases(community=community),
        "figures": figures(community=community, now=now),
        "report_url": reverse("intake:report", kwargs={"community_code": community.code}),
    }
