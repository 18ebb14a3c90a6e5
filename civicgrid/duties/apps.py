from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutiesConfig(AppConfig):
    name = "civicgrid.duties"
    verbose_name = _("职责清单与任务分解")

    def ready(self):
        from civicgrid.duties import units

        units.connect()
