"""Background jobs of the field app, run by the database worker."""

from django_tasks import task

from civicgrid.field import notices
from civicgrid.field.reminders import send_reminders


@task()
def sweep_assignments() -> dict:
    """Task reminders and notifications, and new cases for running campaigns."""
    return notices.sweep()


@task()
def remind_requirements() -> int:
    """Tell people behind a requirement before its period ends; idempotent, run daily."""
    return send_reminders()
