"""Background work on cases, run by the database worker."""

from django_tasks import task

from civicgrid.cases import sla


@task()
def sweep_deadlines() -> dict:
    """Mark open cases warned or overdue; enqueued every minute by `manage.py serve`."""
    return {str(k): v for k, v in sla.sweep().items()}
