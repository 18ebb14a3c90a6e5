"""Queue every case event in the outbox, in the transaction that wrote it; drop the caches
of message templates and webhook subscribers when a row changes."""

from django.db.models.signals import post_delete, post_save

from civicgrid.cases.models import CaseEvent
from civicgrid.notify.models import MessageTemplate, WebhookSubscriber
from civicgrid.notify.outbox import on_event_saved
from civicgrid.notify.texts import templates
from civicgrid.notify.webhooks import subscribers

post_save.connect(on_event_saved, sender=CaseEvent, dispatch_uid="notify-outbox")

for _model, _cache in ((MessageTemplate, templates), (WebhookSubscriber, subscribers)):
    uid = f"notify-{_cache.key}"
    post_save.connect(_cache.invalidate, sender=_model, dispatch_uid=f"{uid}-save")
    post_delete.connect(_cache.invalidate, sender=_model, dispatch_uid=f"{uid}-delete")
