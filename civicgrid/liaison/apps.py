from django.apps import AppConfig


class LiaisonConfig(AppConfig):
    name = "civicgrid.liaison"
    label = "liaison"
    verbose_name = "物业联络"
