import pytest
from django.core.exceptions import ValidationError

from civicgrid.shops import licence


def test_it_accepts_a_credit_code_with_its_check_character():
    assert licence.normalise("91350100M000100Y43") == "91350100M000100Y43"


def test_it_upper_cases_and_strips_spaces():
    assert licence.normalise(" 91350100m000100y43 ") == "91350100M000100Y43"


def test_it_accepts_an_old_fifteen_digit_registration_number():
    body = "36070260000012"
    number = body + licence.registration_check(body)
    assert licence.normalise(number) == number


@pytest.mark.parametrize(
    "text, reason",
    [
        ("91350100M000100Y44", "校验位不正确"),
        ("360702600000120", "校验位不正确"),
        ("91350100M00010OY4", "18 位统一社会信用代码"),  # 17 characters
        ("91350100M00010IY43", "18 位统一社会信用代码"),  # I is never used
        ("", "18 位统一社会信用代码"),
    ],
)
def test_it_refuses_a_bad_number_in_chinese(text, reason):
    if text == "360702600000120" and licence.registration_check(text[:14]) == "0":
        text = "360702600000121"
    with pytest.raises(ValidationError) as err:
        licence.normalise(text)
    assert reason in err.value.messages[0]
