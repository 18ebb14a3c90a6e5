"""Street batches: every community poster of a street printed into one PDF in the background."""

import uuid

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.community.choices import BatchStatus
from civicgrid.community.models import PosterBatch
from civicgrid.community.posters import poster_html, poster_pages
from civicgrid.lib.chromium import PDF_TIMEOUT, PdfError, print_pdf
from civicgrid.people import actions
from civicgrid.people.scopes import can


def street_communities(street: Area):
    return Area.objects.filter(
        parent=street, level=Level.COMMUNITY, workstation__isnull=False
    ).order_by("code")


def start_batch(*, street: Area, actor, base: str) -> PosterBatch:
    """Queue the posters of every community of a street as one multi-page PDF; the QR codes
    point under `base`, taken now because the worker has no request to ask."""
    from civicgrid.community.tasks import render_street_posters

    if not can(actor, actions.COMMUNITY_POSTER, street):
        raise PermissionError("no poster permission over this street")
    batch = PosterBatch.objects.create(
        street=street,
        requested_by=actor,
        total=street_communities(street).count(),
        token=uuid.uuid4().hex,
    )
    render_street_posters.enqueue(batch.pk, base)
    return batch


def run_batch(*, batch_id: int, base: str) -> PosterBatch:
    """Render one street batch, recording progress as each community's page is ready."""
    try:
        return _run_batch(batch_id, base)
    except Exception:
        # Never leave the progress page spinning on a batch the worker gave up on.
        PosterBatch.objects.filter(pk=batch_id).exclude(status=BatchStatus.DONE).update(
            status=BatchStatus.FAILED,
            error=str(_("生成失败，请稍后重试")),
            finished_at=timezone.now(),
        )
        raise


def _run_batch(batch_id: int, base: str) -> PosterBatch:
    batch = PosterBatch.objects.select_related("street").get(pk=batch_id)
    communities = list(street_communities(batch.street))
    PosterBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.RUNNING, total=len(communities), done=0
    )
    pages = []
    for done, community in enumerate(communities, start=1):
        pages += poster_pages(communities=[community], base=base, inline=True)
        PosterBatch.objects.filter(pk=batch.pk).update(done=done)
    batch.refresh_from_db()
    try:
        pdf = print_pdf(
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
