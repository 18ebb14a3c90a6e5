"""Personal information helpers: residents' phone numbers are masked unless there is a need."""

import re

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def mask_phone(phone: str) -> str:
    """138****1234 for mobiles; other numbers keep only their last four digits."""
    if not phone:
        return ""
    if len(phone) >= 7:
        return (
            phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
            if len(phone) != 11
            else (f"{phone[:3]}****{phone[-4:]}")
        )
    return "*" * len(phone)


def normalise_mobile(text: str) -> str:
    """The 11 digits of a mainland mobile number, or ValueError with a Chinese message."""
    digits = re.sub(r"[\s\-]", "", text or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    if not MOBILE_RE.match(digits):
        raise ValueError("请填写正确的 11 位手机号码")
    return digits
