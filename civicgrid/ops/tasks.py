"""Background work of the operator's schedule, run by the database worker."""

from django_tasks import task

from civicgrid.ops import pipl


@task()
def apply_retention() -> dict:
    """Anonymise and delete what is past its retention period; enqueued daily by serve."""
    return pipl.apply_retention(operator="系统")
