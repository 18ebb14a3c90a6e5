"""Background jobs of the field app, run by the database worker."""

from django_tasks import task

from civicgrid.field import notices


@task()
def sweep_assignments() -> dict:
    """Task reminders and notifications, and new cases for running campaigns."""
    return notices.sweep()
