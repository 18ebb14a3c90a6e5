"""Personal information helpers: residents' phone numbers are masked unless there is a need."""

import re

from django.utils.translation import gettext as _

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
OWNER_KEY_RE = re.compile(r"([?&]k=)[^&#\s]+")


def mask_phone(phone: str) -> str:
    """138****1234: the first three and last four digits stay, the rest are starred."""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_id(number: str) -> str:
    """An ID card or licence number masked like a phone: first three and last four shown."""
    return mask_phone(number)


def mask_name(name: str) -> str:
    """张三丰 -> 张**; a longer name (a shop's) keeps its first two characters."""
    keep = 2 if len(name) > 3 else 1
    return name[:keep] + "*" * (len(name) - keep) if name else ""


def normalise_mobile(text: str) -> str:
    """The 11 digits of a mainland mobile number, or ValueError with a Chinese message."""
    digits = re.sub(r"[\s\-]", "", text or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    if not MOBILE_RE.match(digits):
        raise ValueError(_("请填写正确的 11 位手机号码"))
    return digits


def strip_keys(text: str) -> str:
    """The text with the owner key of any tracking link starred: for logs and admin pages."""
    return OWNER_KEY_RE.sub(r"\1***", text)
