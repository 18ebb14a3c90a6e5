from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "civicgrid.intake"
    verbose_name = _("市民上报")
