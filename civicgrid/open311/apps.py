from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Open311Config(AppConfig):
    name = "civicgrid.open311"
    verbose_name = _("Open311 接口")

    def ready(self):
        from civicgrid.open311 import signals  # noqa: F401 - connects the cache invalidation
