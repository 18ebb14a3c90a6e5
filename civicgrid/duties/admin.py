from django.contrib import admin

from civicgrid.duties.models import DutyList, ListVersion, PlanTask, Unit, WorkPlan


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "area_path")
    list_filter = ("kind",)
    search_fields = ("name",)
    readonly_fields = ("department", "workstation", "area")


@admin.register(DutyList)
class DutyListAdmin(admin.ModelAdmin):
    list_display = ("unit", "kind")
    list_filter = ("kind",)
    search_fields = ("unit__name",)


@admin.register(ListVersion)
class ListVersionAdmin(admin.ModelAdmin):
    list_display = ("duty_list", "number", "published_at", "published_by")
    readonly_fields = ("duty_list", "number", "created_by", "published_at", "published_by")


@admin.register(WorkPlan)
class WorkPlanAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "area", "created_by")
    list_filter = ("year",)


@admin.register(PlanTask)
class PlanTaskAdmin(admin.ModelAdmin):
    list_display = ("plan", "number", "title", "deadline", "lead", "percent")
    list_filter = ("plan",)
    raw_id_fields = ("lead", "co_units")
