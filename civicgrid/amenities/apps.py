from django.apps import AppConfig


class AmenitiesConfig(AppConfig):
    name = "civicgrid.amenities"
    label = "amenities"
    verbose_name = "便民地图"
