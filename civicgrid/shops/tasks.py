"""Background jobs of the shops app, run by the database worker."""

from django_tasks import task

from civicgrid.shops import notices


@task()
def send_shop_messages() -> int:
    """Send the queued texts to shop owners; enqueued after each commit that queues one."""
    return notices.send_queued()
