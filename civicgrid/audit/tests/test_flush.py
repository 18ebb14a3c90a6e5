"""`manage.py flush` (and so every transactional test) still empties the database."""

import pytest
from django.core.management import call_command
from django.db import connection

from civicgrid.audit import triggers
from civicgrid.cases.models import CaseEvent
from civicgrid.cases.tests.helpers import new_case


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_history_and_keeps_it_append_only(city):
    new_case(city)
    call_command("flush", interactive=False, verbosity=0)
    assert not CaseEvent.objects.exists()
    assert triggers.missing(connection) == []
