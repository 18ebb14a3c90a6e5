from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "civicgrid.notify"
    verbose_name = _("通知")

    def ready(self):
        from civicgrid.notify import signals  # noqa: F401 - connects the outbox
