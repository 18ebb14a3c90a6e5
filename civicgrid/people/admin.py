from django.contrib import admin

from civicgrid.people.models import Department, Role, RoleAssignment, StaffProfile, Workstation


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "area", "phone"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    raw_id_fields = ["area"]


class StaffInline(admin.TabularInline):
    model = StaffProfile
    fields = ["name", "title", "duty", "phone", "photo", "on_roster"]
    extra = 0


@admin.register(Workstation)
class WorkstationAdmin(admin.ModelAdmin):
    list_display = ["name", "community", "address", "hours", "phone"]
    search_fields = ["name", "community__name"]
    raw_id_fields = ["community"]
    inlines = [StaffInline]


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "department", "workstation", "on_roster"]
    list_filter = ["title", "department", "on_roster"]
    search_fields = ["name", "user__username", "phone"]
    raw_id_fields = ["user", "workstation"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "area", "department"]
    list_filter = ["role"]
    search_fields = ["user__username", "area__name"]
    raw_id_fields = ["user", "area"]
