"""Business licence numbers: the 18-character 统一社会信用代码 (GB 32100-2015) or the older
15-digit 营业执照注册号 (GB/T 17710 MOD 11,10), each with its check character."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # I, O, S, V and Z are never used
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def credit_code_check(body: str) -> str:
    """The 18th character of a credit code whose first 17 are `body`."""
    total = sum(CHARS.index(c) * w for c, w in zip(body, WEIGHTS, strict=True))
    return CHARS[(31 - total % 31) % 31]


def registration_check(body: str) -> str:
    """The 15th digit of an old registration number whose first 14 are `body`."""
    p = 10
    for digit in body:
        s = (p % 11) + int(digit)
        p = ((s % 10) or 10) * 2
    return str((11 - p % 11) % 10)


def normalise(text: str) -> str:
    """The number as stored (upper case, no spaces), or ValidationError in Chinese."""
    value = "".join((text or "").split()).upper()
    if len(value) == 18 and all(c in CHARS for c in value):
        if credit_code_check(value[:17]) == value[17]:
            return value
        raise ValidationError(_("统一社会信用代码校验位不正确，请核对营业执照"))
    if len(value) == 15 and value.isdigit():
        if registration_check(value[:14]) == value[14]:
            return value
        raise ValidationError(_("营业执照注册号校验位不正确，请核对营业执照"))
    raise ValidationError(
        _("请填写 18 位统一社会信用代码或 15 位营业执照注册号（不含字母 I、O、S、V、Z）")
    )


def validate(text: str) -> None:
    normalise(text)
