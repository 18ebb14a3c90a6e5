"""Background work of field duty, run by the database worker."""

from django_tasks import task

from civicgrid.field.reminders import send_reminders


@task()
def remind_requirements() -> int:
    """Tell people behind a requirement before its period ends; idempotent, run daily."""
    return send_reminders()
