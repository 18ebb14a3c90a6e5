"""Background delivery, run by the database worker."""

from django_tasks import task

from civicgrid.notify.outbox import deliver_pending


@task()
def deliver_outbox() -> dict:
    """Deliver pending case events as notifications and text messages."""
    return deliver_pending()
