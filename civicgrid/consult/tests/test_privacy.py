"""A resident's answers in their PIPL copy, erased on request, and past the retention period."""

import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from civicgrid.consult.models import Answer
from civicgrid.consult.tests.helpers import add_answer, new_topic
from civicgrid.ops import pipl

pytestmark = pytest.mark.django_db
PHONE = "13807970001"


def test_the_residents_copy_lists_their_answers(city):
    topic = new_topic(city)
    add_answer(topic, city.communities[0], text="放市场北侧", name="王女士", phone=PHONE)
    add_answer(topic, city.communities[0], text="别人的意见", phone="13807970002")
    out = io.StringIO()
    pipl.export_resident(PHONE, out)
    rows = json.loads(out.getvalue())["consultations"]
    assert [(r["topic"], r["text"], r["choice"], r["phone"]) for r in rows] == [
        (topic.title, "放市场北侧", "农贸市场北侧空地", PHONE)
    ]
    book = io.BytesIO()
    pipl.export_resident(PHONE, book, fmt="xlsx")
    assert book.getvalue()[:2] == b"PK"


def test_erasure_blanks_the_name_and_number_and_keeps_the_answer(city):
    topic = new_topic(city)
    add_answer(topic, city.communities[0], text="放市场北侧", name="王女士", phone=PHONE)
    pipl.erase_resident(PHONE)
    answer = Answer.objects.get()
    assert (answer.name, answer.phone, answer.phone_digest) == ("", "", "")
    assert answer.text == "放市场北侧" and answer.choice == 0  # still counted


def test_retention_blanks_contacts_of_topics_ended_long_ago(city, settings):
    settings.CIVICGRID_RETENTION_CONTACT_YEARS = 1
    old = new_topic(city, days=(-30, -20))
    Answer.objects.create(
        topic=old, community=city.communities[0], choice=0, name="李先生", phone=PHONE
    )
    running = new_topic(city)
    add_answer(running, city.communities[0], name="王女士", phone="13807970002")
    later = timezone.now() + timedelta(days=366)
    assert pipl.apply_retention(later)["consultation_answers"] == 1
    assert Answer.objects.get(topic=old).phone == ""
    assert Answer.objects.get(topic=running).phone == "13807970002"
