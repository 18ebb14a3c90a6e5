from django.contrib import admin

from civicgrid.areas.choices import Level
from civicgrid.community.models import Event, Notice, PosterBatch


class CommunityFieldMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "community":
            kwargs["queryset"] = db_field.related_model.objects.filter(level=Level.COMMUNITY)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Notice)
class NoticeAdmin(CommunityFieldMixin, admin.ModelAdmin):
    list_display = ["title", "community", "status", "published_at", "expires_at"]
    list_filter = ["status", "published_at"]
    search_fields = ["title", "body", "community__name"]
    date_hierarchy = "published_at"


@admin.register(Event)
class EventAdmin(CommunityFieldMixin, admin.ModelAdmin):
    list_display = ["title", "community", "kind", "status", "starts_at", "place", "capacity"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "place", "community__name"]
    date_hierarchy = "starts_at"


@admin.register(PosterBatch)
class PosterBatchAdmin(admin.ModelAdmin):
    list_display = ["street", "requested_by", "status", "done", "total", "created_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in PosterBatch._meta.fields]

    def has_add_permission(self, request):
        return False
