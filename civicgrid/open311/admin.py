from django.contrib import admin

from civicgrid.open311.models import Attribute


@admin.register(Attribute)
class AttributeAdmin(admin.ModelAdmin):
    list_display = ["category", "code", "description", "datatype", "required", "order"]
    list_filter = ["datatype", "required"]
    search_fields = ["code", "description", "category__name"]
    raw_id_fields = ["category"]
