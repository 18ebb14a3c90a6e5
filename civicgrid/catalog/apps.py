from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "civicgrid.catalog"
    verbose_name = _("分类与时限")

    def ready(self):
        from civicgrid.catalog import signals  # noqa: F401 - connects the cache invalidation
