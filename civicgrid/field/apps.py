from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldConfig(AppConfig):
    name = "civicgrid.field"
    verbose_name = _("现场处置")
