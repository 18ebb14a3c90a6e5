from django.contrib import admin

from civicgrid.field.models import CheckIn, DutyChange, Patrol, Requirement


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin):
    list_display = ("name", "role", "post", "area", "activity", "period", "count", "active")
    list_filter = ("activity", "period", "active")
    autocomplete_fields = ("area",)


@admin.register(Patrol)
class PatrolAdmin(admin.ModelAdmin):
    list_display = ("user", "area", "started_at", "ended_at", "distance_m", "point_count")
    readonly_fields = ("user", "area", "started_at", "ended_at", "distance_m", "point_count")


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ("user", "at", "workstation", "area", "distance_m", "flagged")
    list_filter = ("flagged",)
    readonly_fields = [f.name for f in CheckIn._meta.fields]


@admin.register(DutyChange)
class DutyChangeAdmin(admin.ModelAdmin):
    list_display = ("workstation", "week", "actor", "at")
    readonly_fields = ("workstation", "week", "actor", "at", "added", "removed")
