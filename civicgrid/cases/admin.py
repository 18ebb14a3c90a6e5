from django.contrib import admin

from civicgrid.cases.models import Case, CaseEvent, ResponseTemplate


class EventInline(admin.TabularInline):
    model = CaseEvent
    fields = ("at", "action", "actor", "from_status", "to_status", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Read-only in admin: every change goes through the workflow so it is logged."""

    list_display = ["code", "category", "status", "channel", "reported_at", "due_at", "clock"]
    list_filter = ["status", "channel", "clock", "urgency"]
    search_fields = ["code", "description", "address"]
    inlines = [EventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ResponseTemplate)
class ResponseTemplateAdmin(admin.ModelAdmin):
    list_display = ["action", "title", "rank"]
    list_filter = ["action"]
    search_fields = ["title", "text"]
