"""Street batches: one PDF for a whole street, printed in the background, failures recorded."""

import pytest
from django.utils import timezone

from civicgrid.community import batches
from civicgrid.community.choices import BatchStatus
from civicgrid.community.models import PosterBatch
from civicgrid.community.tasks import render_street_posters
from civicgrid.community.tests.helpers import needs_chromium, pdf_pages

pytestmark = pytest.mark.django_db


@needs_chromium
def test_it_prints_a_whole_street_into_one_pdf_in_the_background(city, people, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    street = city.streets[0]
    batch = batches.start_batch(
        street=street, actor=people.dispatcher, base="https://cg.example.gov.cn"
    )
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
    render_street_posters.call(batch.pk, "https://cg.example.gov.cn")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and "Chromium" in batch.error
    assert batch.done == batch.total == 2 and not batch.file
