import secrets

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.lib.privacy import mask_phone, strip_keys
from civicgrid.notify import rules, texts, webhooks
from civicgrid.notify.choices import DeliveryStatus
from civicgrid.notify.models import Message, MessageTemplate, WebhookDelivery, WebhookSubscriber


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """The record of texts to residents: read-only, numbers masked."""

    list_display = ["created_at", "channel", "masked_to", "status", "attempts", "text"]
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


def _event_choices(actions) -> list[tuple[str, str]]:
    from civicgrid.cases.workflow import event_label

    return [(a, f"{event_label(a)}（{a}）") for a in actions]


class MessageTemplateForm(forms.ModelForm):
    action = forms.ChoiceField(label=_("事件"))

    class Meta:
        model = MessageTemplate
        fields = ["action", "channel", "text", "active"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "cols": 60})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = _event_choices(rules.RESIDENT)
        names = "、".join(f"{{{n}}} {label}" for n, label in texts.PLACEHOLDERS.items())
        self.fields["text"].help_text = _(
            "可用占位符：%(names)s。短信每条 70 字，超出按每条 67 字分条计费。"
        ) % {"names": names}

    def clean_text(self):
        text = self.cleaned_data["text"]
        texts.validate_template(text)
        return text


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    """Texts to residents per event and channel; placeholders checked on save."""

    form = MessageTemplateForm
    list_display = ["action_label", "channel", "text", "length", "active", "updated_at"]
    list_filter = ["channel", "active"]
    readonly_fields = ["length"]
    fields = ["action", "channel", "text", "length", "active"]

    @admin.display(description=_("事件"), ordering="action")
    def action_label(self, obj):
        from civicgrid.cases.workflow import event_label

        return event_label(obj.action)

    @admin.display(description=_("长度（按示例填充）"))
    def length(self, obj):
        if obj is None or not obj.text:
            return "-"
        chars, parts = texts.sample_length(obj.text)
        return _("%(chars)d 字，%(parts)d 条短信") % {"chars": chars, "parts": parts}


class WebhookSubscriberForm(forms.ModelForm):
    url = forms.URLField(label=_("接收地址"), max_length=500, assume_scheme="https")
    actions = forms.MultipleChoiceField(
        label=_("订阅的事件"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选表示订阅全部事件"),
    )

    class Meta:
        model = WebhookSubscriber
        fields = ["name", "url", "secret", "actions", "active"]
        widgets = {"secret": forms.TextInput(attrs={"size": 70, "autocomplete": "off"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from civicgrid.cases.workflow import RULES

        self.fields["actions"].choices = _event_choices(RULES)
        if not self.instance.pk:
            self.fields["secret"].initial = secrets.token_hex(32)

    def clean_secret(self):
        secret = self.cleaned_data["secret"].strip()
        if len(secret) < 16:
            raise forms.ValidationError(_("签名密钥至少 16 个字符"))
        return secret


@admin.register(WebhookSubscriber)
class WebhookSubscriberAdmin(admin.ModelAdmin):
    """Systems told of case events by signed POSTs (docs/webhooks.md)."""

    form = WebhookSubscriberForm
    list_display = ["name", "url", "subscribed", "active", "created_at"]
    list_filter = ["active"]

    @admin.display(description=_("订阅的事件"))
    def subscribed(self, obj):
        if not obj.actions:
            return _("全部")
        return "、".join(label for _a, label in _event_choices(obj.actions))


_DELIVERY_FIELDS = (
    "uid",
    "subscriber",
    "event_action",
    "case_code",
    "status",
    "attempts",
    "next_attempt_at",
    "last_status",
    "last_error",
    "created_at",
    "sent_at",
)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """Every delivery, its retries and dead letters; an action sends failed ones again."""

    list_display = [
        "subscriber",
        "event_action",
        "case_code",
        "status",
        "attempts",
        "last_status",
        "last_error",
        "next_try",
    ]
    list_filter = ["status", "subscriber"]
    date_hierarchy = "created_at"
    list_select_related = ["subscriber", "event__case"]
    search_fields = ["event__case__code"]
    actions = ["retry_deliveries"]
    fields = _DELIVERY_FIELDS
    readonly_fields = _DELIVERY_FIELDS

    @admin.display(description=_("事件"))
    def event_action(self, obj):
        from civicgrid.cases.workflow import event_label

        return event_label(obj.event.action)

    @admin.display(description=_("下次尝试"), ordering="next_attempt_at")
    def next_try(self, obj):
        if obj.status != DeliveryStatus.PENDING:
            return "-"
        return timezone.localtime(obj.next_attempt_at).strftime("%m-%d %H:%M")

    @admin.display(description=_("案件"))
    def case_code(self, obj):
        return obj.event.case.code

    @admin.action(description=_("重新投递所选（重新计算重试次数）"))
    def retry_deliveries(self, request, queryset):
        count = webhooks.retry(queryset)
        self.message_user(
            request, _("已安排 %(count)d 条重新投递，将在下一轮投递时发送") % {"count": count}
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
