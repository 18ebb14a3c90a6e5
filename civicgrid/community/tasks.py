"""Background work for community posters, run by the database worker."""

from django_tasks import task

from civicgrid.community import batches
from civicgrid.lib.urls import public_url


@task()
def render_street_posters(batch_id: int, base: str = "") -> dict:
    """Print every community poster of one street into one PDF, QR codes under `base`."""
    # Batches queued before the base was passed along fall back to the remembered address.
    batch = batches.run_batch(batch_id=batch_id, base=base or public_url())
    return {"status": batch.status, "pages": batch.done}
