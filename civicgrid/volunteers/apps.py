from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "civicgrid.volunteers"
    verbose_name = _("志愿者与社会监督员")
