"""Drop the reference caches built from catalog tables whenever a row changes."""

from django.db.models.signals import post_delete, post_save

from civicgrid.catalog.api import encoded as api_categories
from civicgrid.catalog.models import CalendarDay, Category, Responsibility, TimeLimit
from civicgrid.catalog.routing import matrix
from civicgrid.catalog.suggest import index
from civicgrid.catalog.timelimits import calendar, limits
from civicgrid.people.models import Department

for _model, _cache in (
    (Category, index),
    (TimeLimit, limits),
    (CalendarDay, calendar),
    (Responsibility, matrix),
    (Department, matrix),
    (Category, api_categories),
    (TimeLimit, api_categories),
):
    uid = f"catalog-{_cache.key}-{_model.__name__}"
    post_save.connect(_cache.invalidate, sender=_model, dispatch_uid=f"{uid}-save")
    post_delete.connect(_cache.invalidate, sender=_model, dispatch_uid=f"{uid}-delete")
