from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "civicgrid.areas"
    verbose_name = _("行政区划与网格")

    def ready(self):
        from civicgrid.areas import signals  # noqa: F401 - connects the cache invalidation
