from django.contrib import admin

from civicgrid.areas.models import Area, KnownAddress


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path"]


@admin.register(KnownAddress)
class KnownAddressAdmin(admin.ModelAdmin):
    list_display = ["text", "area", "lng", "lat"]
    search_fields = ["text", "normalised", "area__name"]
    raw_id_fields = ["area"]
    readonly_fields = ["normalised"]
