"""Drop the point-to-grid index whenever an area changes."""

from django.db.models.signals import post_delete, post_save

from civicgrid.areas import lookup
from civicgrid.areas.models import Area

post_save.connect(lookup.index.invalidate, sender=Area, dispatch_uid="areas-index-save")
post_delete.connect(lookup.index.invalidate, sender=Area, dispatch_uid="areas-index-delete")
