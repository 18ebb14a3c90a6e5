from django.contrib import admin

from civicgrid.consult.models import Answer, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "area", "starts_on", "ends_on"]
    search_fields = ["title", "area__name"]
    date_hierarchy = "starts_on"
    raw_id_fields = ["area"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    """Read-only: answers come from residents; staff read them on the consultation desk."""

    list_display = ["topic", "community", "choice", "created_at"]
    list_filter = ["topic"]
    exclude = ["name", "phone", "client_key"]
    readonly_fields = ["topic", "community", "choice", "text", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
