from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from civicgrid.people import tokens
from civicgrid.people.models import (
    ApiToken,
    Department,
    Role,
    RoleAssignment,
    StaffProfile,
    Workstation,
)


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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Every token, to see who calls the API and stop one; the digest is never shown, and a
    token is issued by its owner on the 我的 API 令牌 page, so there is no add here."""

    list_display = [
        "prefix",
        "name",
        "user",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at", "expires_at"]
    search_fields = ["prefix", "name", "user__username"]
    list_select_related = ["user"]
    fields = ("user", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # viewable, not editable: a revoke is the one change, by the action

    def has_delete_permission(self, request, obj=None):
        return False  # the row stays, for the record of what the token did

    def has_revoke_permission(self, request):
        return request.user.has_perm("people.change_apitoken")  # a superuser has every one

    @admin.action(description=_("吊销"), permissions=["revoke"])
    def revoke(self, request, queryset):
        live = list(queryset.filter(revoked_at=None).select_related("user"))
        for token in live:
            tokens.revoke_logged(request, token)
        messages.success(request, _("已吊销 %(count)s 个令牌") % {"count": len(live)})
