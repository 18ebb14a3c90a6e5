from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

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
    """Read-only in admin: every change goes through the workflow so it is logged.

    The phone is masked here as everywhere: its full view is the case page's logged reveal
    (services.reveal_phone), which admins reach through the link beside the masked number.
    """

    list_display = ["code", "category", "status", "channel", "reported_at", "due_at", "clock"]
    list_filter = ["status", "channel", "clock", "urgency"]
    search_fields = ["code", "description", "address"]
    exclude = ["reporter_phone"]
    readonly_fields = ["phone"]
    inlines = [EventInline]

    @admin.display(description=_("反映人电话"))
    def phone(self, obj):
        if not obj.reporter_phone:
            return "—"
        url = reverse("cases:case-detail", args=[obj.code]) + "#reveal-phone"
        return format_html(
            '{} <a href="{}">{}</a>', obj.masked_phone, url, _("在案件页面查看完整号码（将被记录）")
        )

    def get_search_results(self, request, queryset, search_term):
        """A mobile number finds its cases through the digest: the column is encrypted."""
        found, duplicates = super().get_search_results(request, queryset, search_term)
        try:
            by_phone = queryset.with_phone(search_term.strip())
        except ValueError:
            return found, duplicates
        return found | by_phone, duplicates

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
