from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from civicgrid.lib.privacy import mask_phone, strip_keys
from civicgrid.notify.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """The record of texts to residents: read-only, numbers masked."""

    list_display = ["created_at", "masked_to", "status", "attempts", "text"]
    list_filter = ["status", "channel"]
    fields = ("created_at", "masked_to", "status", "attempts", "error", "sent_at", "text")
    readonly_fields = fields

    @admin.display(description=_("接收号码"))
    def masked_to(self, obj):
        return mask_phone(obj.to)

    @admin.display(description=_("内容"))
    def text(self, obj):
        return strip_keys(obj.body)  # the link's key would let the reader act as the resident

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
