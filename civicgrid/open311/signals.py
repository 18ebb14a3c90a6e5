"""Drop the service catalogue's cache whenever a class or an attribute changes."""

from django.db.models.signals import post_delete, post_save

from civicgrid.catalog.models import Category
from civicgrid.open311.mapping import catalogue
from civicgrid.open311.models import Attribute

for _model in (Category, Attribute):
    uid = f"open311-catalogue-{_model.__name__}"
    post_save.connect(catalogue.invalidate, sender=_model, dispatch_uid=f"{uid}-save")
    post_delete.connect(catalogue.invalidate, sender=_model, dispatch_uid=f"{uid}-delete")
