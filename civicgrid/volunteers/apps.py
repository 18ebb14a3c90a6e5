from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "civicgrid.volunteers"
    verbose_name = _("志愿者与社会监督员")

    def ready(self):
        from civicgrid.volunteers.marks import digests
        from civicgrid.volunteers.models import Volunteer

        uid = "supervisor-phones"
        post_save.connect(digests.invalidate, sender=Volunteer, dispatch_uid=f"{uid}-save")
        post_delete.connect(digests.invalidate, sender=Volunteer, dispatch_uid=f"{uid}-delete")
