from django.contrib import admin

from civicgrid.stations.models import EvaluationScheme, SchemeWeight, Showcase, ShowcaseLog


class WeightInline(admin.TabularInline):
    model = SchemeWeight
    extra = 0
    fields = ("indicator", "weight", "target")


@admin.register(EvaluationScheme)
class EvaluationSchemeAdmin(admin.ModelAdmin):
    """Weights and grade lines; a new month's rules are a new scheme, so past scores stay."""

    list_display = ["name", "valid_from", "excellent_from", "good_from", "pass_from"]
    inlines = [WeightInline]


class LogInline(admin.TabularInline):
    model = ShowcaseLog
    extra = 0
    fields = readonly_fields = ("at", "action", "actor", "data")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Showcase)
class ShowcaseAdmin(admin.ModelAdmin):
    """Read-only: typical cases are written and published on their page (stations/showcase.py),
    each step logged."""

    list_display = ["title", "case", "published_at", "updated_at"]
    search_fields = ["title", "case__code"]
    readonly_fields = [
        "case", "title", "problem", "solution", "result", "before", "after",
        "published_at", "created_by", "created_at", "updated_at",
    ]  # fmt: skip
    inlines = [LogInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
