"""Background work of the channels, run by the database worker."""

from django_tasks import task


@task()
def import_hotline(import_id: int) -> dict:
    """Run one queued 12345 ledger import (intake/hotline.py); the upload page polls it."""
    from civicgrid.intake import hotline
    from civicgrid.intake.models import HotlineImport, ImportStatus

    imp = HotlineImport.objects.select_related("source__area", "created_by").get(pk=import_id)
    if imp.status == ImportStatus.QUEUED:
        hotline.run(imp)
    return {"status": imp.status, "created": imp.created, "failed": imp.failed}
