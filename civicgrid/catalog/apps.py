from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "civicgrid.catalog"
    verbose_name = _("分类与时限")

    def ready(self):
        # The suggestion index connects its invalidation signals on import; import it now so
        # an edit in this process tells every other process to rebuild.
        from civicgrid.catalog import suggest  # noqa: F401
