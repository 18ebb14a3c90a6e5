from django.contrib import admin

from civicgrid.volunteers.models import PointRule


@admin.register(PointRule)
class PointRuleAdmin(admin.ModelAdmin):
    """The points rules, edited here; the registry and ledger are kept on the staff pages."""

    list_display = ("kind", "points", "per_hour", "active")
    list_editable = ("points", "per_hour", "active")
