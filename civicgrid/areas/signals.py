"""Drop the point-to-grid index and the API's tree whenever an area changes."""

from django.db.models.signals import post_delete, post_save

from civicgrid.areas import lookup
from civicgrid.areas.api import tree as api_tree
from civicgrid.areas.models import Area

post_save.connect(lookup.index.invalidate, sender=Area, dispatch_uid="areas-index-save")
post_delete.connect(lookup.index.invalidate, sender=Area, dispatch_uid="areas-index-delete")
post_save.connect(api_tree.invalidate, sender=Area, dispatch_uid="areas-api-tree-save")
post_delete.connect(api_tree.invalidate, sender=Area, dispatch_uid="areas-api-tree-delete")
