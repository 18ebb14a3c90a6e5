from django.contrib import admin

from civicgrid.liaison.models import Estate, PropertyCompany


class EstateInline(admin.TabularInline):
    model = Estate
    extra = 1
    fields = ("name", "community", "address", "lng", "lat")
    raw_id_fields = ("community",)


@admin.register(PropertyCompany)
class PropertyCompanyAdmin(admin.ModelAdmin):
    list_display = ("name", "licence", "contact", "area")
    search_fields = ("name", "licence")
    raw_id_fields = ("area",)
    inlines = [EstateInline]


@admin.register(Estate)
class EstateAdmin(admin.ModelAdmin):
    list_display = ("name", "community", "company", "address")
    search_fields = ("name", "address")
    raw_id_fields = ("community", "company")
