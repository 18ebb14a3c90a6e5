from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "civicgrid.stations"
    verbose_name = _("工作站覆盖、考评与典型案例")
