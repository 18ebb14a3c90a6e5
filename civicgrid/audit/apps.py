from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "civicgrid.audit"
    verbose_name = _("安全审计")
