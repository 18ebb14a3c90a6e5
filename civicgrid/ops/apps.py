from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """The operator's commands (setup, serve, seed_demo) and deployment checks; no models."""

    name = "civicgrid.ops"
    verbose_name = _("运行与维护")

    def ready(self):
        from civicgrid.ops import checks  # noqa: F401 - registers the deployment checks
