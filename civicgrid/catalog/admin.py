from django.contrib import admin

from civicgrid.catalog.models import CalendarDay, Category, Responsibility, TimeLimit, ViolationType


class TimeLimitInline(admin.TabularInline):
    model = TimeLimit
    extra = 0


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "legacy_code", "common_rank", "active"]
    list_filter = ["kind", "active", "parent"]
    search_fields = ["code", "name", "aliases", "keywords"]
    list_editable = ["common_rank", "active"]
    inlines = [TimeLimitInline]


@admin.register(TimeLimit)
class TimeLimitAdmin(admin.ModelAdmin):
    list_display = ["category", "urgency", "stage", "amount", "unit"]
    list_filter = ["urgency", "stage", "unit"]
    raw_id_fields = ["category"]


@admin.register(Responsibility)
class ResponsibilityAdmin(admin.ModelAdmin):
    list_display = ["category", "area", "department"]
    list_filter = ["department"]
    raw_id_fields = ["category", "area"]


@admin.register(ViolationType)
class ViolationTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "legal_basis"]
    search_fields = ["code", "name"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "note"]
    list_filter = ["is_workday"]
    list_editable = ["is_workday", "note"]
    date_hierarchy = "date"
