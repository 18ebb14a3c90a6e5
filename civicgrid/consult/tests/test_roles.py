"""Existing databases: the data migration gives the preset roles the consultation actions."""

import importlib

import pytest
from django.apps import apps

from civicgrid.people import actions
from civicgrid.people.models import Role

pytestmark = pytest.mark.django_db
grant = importlib.import_module("civicgrid.people.migrations.0005_grant_consult_actions").grant


def test_it_grants_the_consult_actions_to_roles_made_before_them(city):
    dispatcher = Role.objects.get(code="dispatcher")
    dispatcher.actions = [a for a in dispatcher.actions if not a.startswith("consult.")]
    dispatcher.save()
    head = Role.objects.get(code="station_head")
    head.actions = [a for a in head.actions if a != actions.CONSULT_VIEW]
    head.save()
    grant(apps, None)
    grant(apps, None)  # twice: nothing doubled
    dispatcher.refresh_from_db()
    head.refresh_from_db()
    assert dispatcher.actions.count(actions.CONSULT_MANAGE) == 1
    assert actions.CONSULT_VIEW in dispatcher.actions
    assert actions.CONSULT_VIEW in head.actions and actions.CONSULT_MANAGE not in head.actions
    assert actions.CONSULT_MANAGE not in Role.objects.get(code="grid_worker").actions
