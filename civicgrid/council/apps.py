from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "civicgrid.council"
    verbose_name = _("议事会与需求清单")
