from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibConfig(AppConfig):
    """Shared helpers and the operator commands (setup, serve, seed_demo); no models."""

    name = "civicgrid.lib"
    verbose_name = _("运行与维护")
