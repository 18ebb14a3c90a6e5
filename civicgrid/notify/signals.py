"""Queue every case event in the outbox, in the transaction that wrote it."""

from django.db.models.signals import post_save

from civicgrid.cases.models import CaseEvent
from civicgrid.notify.outbox import on_event_saved

post_save.connect(on_event_saved, sender=CaseEvent, dispatch_uid="notify-outbox")
