"""Existing databases: each grant migration gives the preset roles made before it its actions."""

import importlib
import pkgutil

import pytest
from django.apps import apps

from civicgrid.people import migrations as people_migrations
from civicgrid.people.models import Role
from civicgrid.people.roles import PRESETS

pytestmark = pytest.mark.django_db

GRANTING = [
    module
    for info in pkgutil.iter_modules(people_migrations.__path__)
    if hasattr(
        module := importlib.import_module(f"{people_migrations.__name__}.{info.name}"), "GRANTS"
    )
]


def run(module, direction: str) -> None:
    (operation,) = [op for op in module.Migration.operations if hasattr(op, "code")]
    (operation.code if direction == "forward" else operation.reverse_code)(apps, None)


def test_every_grant_migration_is_found():
    assert len(GRANTING) >= 8


@pytest.mark.parametrize("module", GRANTING, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_it_grants_its_actions_once_and_takes_them_back(city, module):
    granted = module.GRANTS
    for code, added in granted.items():
        role = Role.objects.get(code=code)
        role.actions = [a for a in role.actions if a not in added]
        role.save()
    run(module, "forward")
    run(module, "forward")  # twice: nothing doubled
    for code, added in granted.items():
        actions = Role.objects.get(code=code).actions
        assert all(actions.count(a) == 1 for a in added), (code, added)
    untouched = Role.objects.exclude(code__in=granted).values_list("code", "actions")
    before = dict(untouched)
    run(module, "backward")
    for code, added in granted.items():
        assert not set(added) & set(Role.objects.get(code=code).actions)
    assert dict(Role.objects.exclude(code__in=granted).values_list("code", "actions")) == before


@pytest.mark.parametrize("module", GRANTING, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_a_migration_grants_what_the_presets_hold(module):
    # A new database gets its roles from PRESETS, an old one from the migrations: they agree.
    for code, added in module.GRANTS.items():
        assert set(added) <= set(PRESETS[code][1]), (code, set(added) - set(PRESETS[code][1]))
