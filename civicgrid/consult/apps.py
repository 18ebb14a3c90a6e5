from django.apps import AppConfig


class ConsultConfig(AppConfig):
    name = "civicgrid.consult"
    label = "consult"
    verbose_name = "意见征集"
