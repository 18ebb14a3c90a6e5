"""Background jobs of the duties app, run by the database worker."""

from django_tasks import task

from civicgrid.duties.reminders import send_reminders


@task()
def remind_duty_tasks() -> int:
    """Tell the lead units of tasks near their deadline; idempotent, run daily."""
    return send_reminders()
