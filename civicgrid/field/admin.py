from django.contrib import admin

from civicgrid.field.models import (
    Assignment,
    AssignmentLog,
    AssignmentTarget,
    Campaign,
    CheckIn,
    DutyChange,
    Patrol,
    Requirement,
)


class TargetInline(admin.TabularInline):
    model = AssignmentTarget
    extra = 0
    fields = readonly_fields = ("assignee", "status", "accepted_at", "done_at", "approved_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    """Read-only: tasks change only through their steps (field/assignments.py), each logged."""

    list_display = ["title", "area", "sender", "deadline", "created_at"]
    search_fields = ["title"]
    date_hierarchy = "created_at"
    inlines = [TargetInline]
    readonly_fields = [
        "title",
        "details",
        "deadline",
        "area",
        "sender",
        "workstation",
        "campaign",
        "case",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AssignmentLog)
class AssignmentLogAdmin(admin.ModelAdmin):
    """Append-only: the database refuses changes anyway."""

    list_display = ["assignment", "action", "actor", "at", "to_status"]
    list_filter = ["action"]
    readonly_fields = ["assignment", "target", "action", "actor", "at", "from_status", "to_status"]
    exclude = ["data", "seq", "digest"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "starts_on", "ends_on"]
    search_fields = ["name"]
    date_hierarchy = "starts_on"
    raw_id_fields = ["area", "areas", "categories", "members", "workstations"]
    readonly_fields = ["created_by", "created_at"]


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
