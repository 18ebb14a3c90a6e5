from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from civicgrid.shops.models import (
    ListChange,
    PointEntry,
    PointRule,
    PointScheme,
    ServiceRating,
    Shop,
    ShopMessage,
    StreetChief,
)


@admin.register(PointRule)
class PointRuleAdmin(admin.ModelAdmin):
    """The rules are the city's to edit; a change applies from the next entry on."""

    list_display = ["label", "code", "delta", "use", "rank", "active"]
    list_editable = ["delta", "rank", "active"]
    list_filter = ["use", "active"]


@admin.register(PointScheme)
class PointSchemeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "base", "red_at", "black_at"]

    def has_add_permission(self, request):
        return not PointScheme.objects.exists()  # one scheme for the city

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Shop)
class ShopAdmin(admin.ModelAdmin):
    """The owner's contact is kept out of lists; points change only through the ledger."""

    list_display = ["name", "licence_no", "community", "points", "standing", "status"]
    list_filter = ["standing", "status", "business_type"]
    search_fields = ["name", "licence_no", "address"]
    raw_id_fields = ["community", "grid", "street_chief"]
    readonly_fields = ["points", "points_year", "standing"]


@admin.register(StreetChief)
class StreetChiefAdmin(admin.ModelAdmin):
    list_display = ["street_name", "holder_name", "phone", "area", "active"]
    list_filter = ["active"]
    raw_id_fields = ["area", "holder_user", "holder_shop"]


class ReadOnly(admin.ModelAdmin):
    """Append-only records: shown, never added, changed or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PointEntry)
class PointEntryAdmin(ReadOnly):
    list_display = ["shop", "label", "delta", "balance", "actor", "at"]
    date_hierarchy = "at"


@admin.register(ListChange)
class ListChangeAdmin(ReadOnly):
    list_display = ["shop", "before", "after", "balance", "at"]


@admin.register(ServiceRating)
class ServiceRatingAdmin(ReadOnly):
    list_display = ["shop", "period", "score", "comment", "at"]


@admin.register(ShopMessage)
class ShopMessageAdmin(ReadOnly):
    list_display = ["shop", "masked_to", "status", "attempts", "created_at", "sent_at"]
    exclude = ["to", "body"]

    @admin.display(description=_("接收号码"))
    def masked_to(self, obj):
        from civicgrid.lib.privacy import mask_phone

        return mask_phone(obj.to)
