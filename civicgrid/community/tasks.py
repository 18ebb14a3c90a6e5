"""Background work for community posters, run by the database worker."""

from django_tasks import task

from civicgrid.community import services


@task()
def render_street_posters(batch_id: int) -> dict:
    """Print every community poster of one street into one PDF."""
    batch = services.run_batch(batch_id=batch_id)
    return {"status": batch.status, "pages": batch.done}
