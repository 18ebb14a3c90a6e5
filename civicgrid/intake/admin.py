from django.contrib import admin

from civicgrid.intake.models import HotlineImport, HotlineOrder, HotlineSource


@admin.register(HotlineSource)
class HotlineSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "area"]
    raw_id_fields = ["area"]


@admin.register(HotlineImport)
class HotlineImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "source", "status", "created_at", "created", "updated", "failed"]
    list_filter = ["status", "source"]
    readonly_fields = [f.name for f in HotlineImport._meta.fields]

    def has_add_permission(self, request):
        return False  # an import starts from the upload page or the command


@admin.register(HotlineOrder)
class HotlineOrderAdmin(admin.ModelAdmin):
    list_display = ["number", "source", "case", "placed", "hotline_due", "unit"]
    list_filter = ["placed", "source"]
    search_fields = ["number"]
    raw_id_fields = ["case", "last_import"]
    readonly_fields = ["source", "number", "case", "digest", "placed", "last_import", "imported_at"]

    def has_add_permission(self, request):
        return False
