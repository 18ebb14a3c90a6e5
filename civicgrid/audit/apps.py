from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _protect(using, **kwargs):
    """Put back append-only triggers a migration dropped (SQLite rebuilds altered tables)."""
    from civicgrid.audit import triggers

    triggers.install_missing(connections[using])


class AuditConfig(AppConfig):
    name = "civicgrid.audit"
    verbose_name = _("安全审计")

    def ready(self):
        from civicgrid.audit import grants  # noqa: F401 - connects the role-change log

        post_migrate.connect(_protect, sender=self, dispatch_uid="audit-triggers")
