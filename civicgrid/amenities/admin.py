from django.contrib import admin

from civicgrid.amenities.models import Amenity, AmenityLog


@admin.register(Amenity)
class AmenityAdmin(admin.ModelAdmin):
    """Staff keep places on the desk (/map/manage/), where each change is logged; read here."""

    list_display = ["name", "kind", "community", "hours", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "address", "community__name"]
    raw_id_fields = ["community"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(AmenityLog)
class AmenityLogAdmin(admin.ModelAdmin):
    list_display = ["amenity", "action", "actor", "at", "source"]
    readonly_fields = ["amenity", "action", "actor", "at", "source", "changes"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
