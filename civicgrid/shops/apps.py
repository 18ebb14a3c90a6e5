from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShopsConfig(AppConfig):
    name = "civicgrid.shops"
    verbose_name = _("门前三包")
