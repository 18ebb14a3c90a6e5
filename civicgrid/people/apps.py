from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "civicgrid.people"
    verbose_name = _("人员与部门")

    def ready(self):
        from civicgrid.people import auth  # noqa: F401 - connects the login audit signals
