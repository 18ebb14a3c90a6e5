"""Drop the point-to-grid index, the address index and the API's tree whenever an area or an
address changes."""

from django.db.models.signals import post_delete, post_save

from civicgrid.areas import lookup, places
from civicgrid.areas.api import tree as api_tree
from civicgrid.areas.models import Area, KnownAddress

post_save.connect(lookup.index.invalidate, sender=Area, dispatch_uid="areas-index-save")
post_delete.connect(lookup.index.invalidate, sender=Area, dispatch_uid="areas-index-delete")
post_save.connect(api_tree.invalidate, sender=Area, dispatch_uid="areas-api-tree-save")
post_delete.connect(api_tree.invalidate, sender=Area, dispatch_uid="areas-api-tree-delete")
post_save.connect(places.index.invalidate, sender=Area, dispatch_uid="places-area-save")
post_delete.connect(places.index.invalidate, sender=Area, dispatch_uid="places-area-delete")
post_save.connect(places.index.invalidate, sender=KnownAddress, dispatch_uid="places-save")
post_delete.connect(places.index.invalidate, sender=KnownAddress, dispatch_uid="places-delete")
