"""Drop the case list's select choices whenever a class, a department or an area changes."""

from django.db.models.signals import post_delete, post_save

from civicgrid.areas.models import Area
from civicgrid.cases.filters import area_choices, reference
from civicgrid.catalog.models import Category
from civicgrid.people.models import Department

for _model in (Category, Department):
    uid = f"case-filter-{_model.__name__}"
    post_save.connect(reference.invalidate, sender=_model, dispatch_uid=f"{uid}-save")
    post_delete.connect(reference.invalidate, sender=_model, dispatch_uid=f"{uid}-delete")

post_save.connect(area_choices.invalidate, sender=Area, dispatch_uid="case-filter-Area-save")
post_delete.connect(area_choices.invalidate, sender=Area, dispatch_uid="case-filter-Area-delete")
