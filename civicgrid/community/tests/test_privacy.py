"""Sign-up contacts under PIPL: in the resident's copy, erased on request, blanked in time."""

import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from civicgrid.community import signups
from civicgrid.community.models import SignUp
from civicgrid.community.privacy import RETENTION_DAYS
from civicgrid.community.tests.helpers import life_event
from civicgrid.ops import pipl

pytestmark = pytest.mark.django_db
PHONE = "13807970001"


def test_the_copy_lists_and_erasure_blanks_the_sign_ups(city):
    event = life_event(city.communities[0])
    signups.sign_up(event=event, name="王女士", phone=PHONE)
    signups.sign_up(event=event, name="别人", phone="13807970002")
    out = io.StringIO()
    pipl.export_resident(PHONE, out)
    rows = json.loads(out.getvalue())["event_signups"]
    assert [(r["event"], r["name"], r["phone"], r["state"]) for r in rows] == [
        (event.title, "王女士", PHONE, "已报名")
    ]
    book = io.BytesIO()
    pipl.export_resident(PHONE, book, fmt="xlsx")
    assert book.getvalue()[:2] == b"PK"
    pipl.erase_resident(PHONE)
    mine, theirs = event.signups.order_by("pk")
    assert (mine.name, mine.phone, mine.phone_digest) == ("", "", "")
    assert mine.state == "confirmed"  # still counted
    assert (theirs.name, theirs.phone) == ("别人", "13807970002")


def test_retention_blanks_sign_ups_of_events_long_past(city):
    old = life_event(city.communities[0])
    signups.sign_up(event=old, name="李先生", phone=PHONE)
    signups.walk_in(event=old, name="赵敏")
    soon = life_event(city.communities[0], days=RETENTION_DAYS)
    signups.sign_up(event=soon, name="王女士", phone="13807970002")
    later = timezone.now() + timedelta(days=RETENTION_DAYS + 6)
    assert pipl.apply_retention(later)["event_signups"] == 2
    assert set(SignUp.objects.filter(event=old).values_list("phone_digest", flat=True)) == {""}
    assert SignUp.objects.get(event=soon).phone == "13807970002"
    assert pipl.apply_retention(later)["event_signups"] == 0
