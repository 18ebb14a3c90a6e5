from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "civicgrid.notify"
    verbose_name = _("通知")

    def ready(self):
        from django.db.models.signals import post_save

        from civicgrid.cases.models import CaseEvent
        from civicgrid.notify.outbox import on_event_saved

        post_save.connect(on_event_saved, sender=CaseEvent, dispatch_uid="notify-outbox")
