"""Opening hours as staff type them, and open-or-closed at a moment."""

from datetime import datetime

import pytest

from civicgrid.amenities.hours import is_open, parse

FRIDAY_1PM = datetime(2026, 12, 4, 13, 0)
FRIDAY_3PM = datetime(2026, 12, 4, 15, 0)
SATURDAY_1AM = datetime(2026, 12, 5, 1, 0)
SUNDAY_10AM = datetime(2026, 12, 6, 10, 0)


@pytest.mark.parametrize(
    "text, moment, expected",
    [
        ("全天开放", SATURDAY_1AM, True),
        ("24小时", SATURDAY_1AM, True),
        ("6:00-22:00", FRIDAY_1PM, True),
        ("6:00-22:00", SATURDAY_1AM, False),
        ("周一至周五 8:30-12:00，14:30-17:30", FRIDAY_1PM, False),  # lunch break
        ("周一至周五 8:30-12:00，14:30-17:30", FRIDAY_3PM, True),
        ("周一至周五 8:30-12:00，14:30-17:30", SUNDAY_10AM, False),
        ("周六、周日 7:00-12:00", SUNDAY_10AM, True),
        ("周六、周日 7:00-12:00", FRIDAY_1PM, False),
        ("每天 17:30-23:00", FRIDAY_1PM, False),
        ("22:00-2:00", SATURDAY_1AM, True),  # past midnight, into the next morning
        ("周一至周五 8:30-17:30；周六 9:00-12:00", SUNDAY_10AM, False),
        ("8：30～17：30", FRIDAY_3PM, True),  # full-width colon and tilde
    ],
)
def test_it_tells_open_or_closed(text, moment, expected):
    assert is_open(text, moment) is expected


@pytest.mark.parametrize("text", ["", "随便", "节假日休息", "25:00-26:00", "8:00-8:00", "白天"])
def test_it_does_not_guess_at_a_text_it_cannot_read(text):
    assert parse(text) is None
    assert is_open(text, FRIDAY_1PM) is None


def test_a_range_of_days_may_wrap_round_the_week():
    assert {s.day for s in parse("周六至周一 9:00-10:00")} == {5, 6, 0}
