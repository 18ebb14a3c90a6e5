"""The texts residents receive: templates edited in admin, filled in safely.

A template is plain text with placeholders in braces. Only the names in PLACEHOLDERS may be
used (checked when a template is saved in admin); at delivery a template that still fails
(an old row, a stray brace) falls back to the text shipped in notify/rules.py, so an edit can
never stop a message.
"""

import math
import string
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicgrid.lib.cached import Versioned
from civicgrid.notify.choices import Channel

PLACEHOLDERS = {
    "code": gettext_lazy("查询码"),
    "link": gettext_lazy("进度链接（含评价钥匙）"),
    "category": gettext_lazy("问题分类"),
    "area": gettext_lazy("所在网格"),
}
# What an SMS segment holds in Chinese (UCS-2): 70 characters alone, 67 each when split.
SEGMENT = 70
SEGMENT_SPLIT = 67
# For the length shown in admin: codes and owner keys are 16 characters (lib/codes.py,
# intake/residents.py); the address is a typical one.
SAMPLE = {
    "code": "K7M3Q9XW2HFP8RTD",
    "link": "https://cg.example.cn/t/K7M3Q9XW2HFP8RTD/?k=Ab3dEf6hIj9kLm2n",
    "category": "暴露垃圾",
    "area": "幸福社区第一网格",
}


def _fields(text: str) -> list[tuple[str, str, str | None]]:
    """(name, format_spec, conversion) of each placeholder; ValueError on a broken brace."""
    return [
        (name, spec or "", conversion)
        for _literal, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    ]


def validate_template(text: str) -> None:
    """Refuse unknown placeholders and broken braces, with a Chinese message."""
    try:
        fields = _fields(text)
    except ValueError:
        raise ValidationError(
            _("花括号不配对：占位符应写成 {code} 的形式，文字中的花括号请写成 {{ 或 }}")
        ) from None
    allowed = "、".join(f"{{{n}}}" for n in PLACEHOLDERS)
    for name, spec, conversion in fields:
        if name not in PLACEHOLDERS or spec or conversion:
            raise ValidationError(
                _("未知的占位符 {%(name)s}；可用的占位符：%(allowed)s")
                % {
                    "name": name
                    + (f"!{conversion}" if conversion else "")
                    + (f":{spec}" if spec else ""),
                    "allowed": allowed,
                }
            )


def fill(text: str, values: Mapping[str, object]) -> str:
    """The template with its placeholders filled; ValueError when it cannot be (never
    attribute or index access: a name is looked up in `values` alone). A value may be a
    function, called only when its placeholder is used."""
    out = []
    for literal, name, spec, conversion in string.Formatter().parse(text):
        out.append(literal)
        if name is None:
            continue
        if name not in values or spec or conversion:
            raise ValueError(f"unknown placeholder {name!r}")
        value = values[name]
        out.append(str(value() if callable(value) else value))
    return "".join(out)


def segments(text: str) -> int:
    """How many SMS the text is sent as."""
    n = len(text)
    return 1 if n <= SEGMENT else math.ceil(n / SEGMENT_SPLIT)


def sample_length(text: str) -> tuple[int, int]:
    """(characters, SMS segments) of the template filled with typical values."""
    try:
        filled = fill(text, SAMPLE)
    except ValueError:
        filled = text
    return len(filled), segments(filled)


def _build() -> dict[tuple[str, str], str]:
    from civicgrid.notify.models import MessageTemplate

    rows = MessageTemplate.objects.filter(active=True).values_list("action", "channel", "text")
    return {(action, channel): text for action, channel, text in rows}


templates = Versioned("message-templates", _build)


def template_for(action: str, channel: str = Channel.SMS) -> str | None:
    """The active edited template of this event and channel (WeChat falls back to SMS)."""
    table = templates.get()
    text = table.get((action, channel))
    if text is None and channel != Channel.SMS:
        text = table.get((action, Channel.SMS))
    return text


def load_message_templates() -> int:
    """Add the shipped SMS texts that have no row yet; edits in admin are kept."""
    from civicgrid.notify.models import MessageTemplate
    from civicgrid.notify.rules import RESIDENT

    added = 0
    for action, text in RESIDENT.items():
        _row, created = MessageTemplate.objects.get_or_create(
            action=action, channel=Channel.SMS, defaults={"text": text}
        )
        added += created
    return added
