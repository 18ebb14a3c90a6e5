"""Background jobs of the shops app, run by the database worker."""

from django_tasks import task

from civicgrid.shops import ledger, notices


@task()
def send_shop_messages() -> int:
    """Send the queued texts to shop owners; enqueued after each commit that queues one."""
    return notices.send_queued()


@task()
def start_shop_year() -> int:
    """Open the new year's points for every shop; idempotent, meant to run daily."""
    return ledger.start_year()
