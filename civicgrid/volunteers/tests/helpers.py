"""Volunteers and trainings for tests, in the small city's communities."""

import itertools
from datetime import date

from civicgrid.volunteers.choices import PersonKind, PersonStatus, TrainingKind
from civicgrid.volunteers.models import Training, Volunteer
from civicgrid.volunteers.rules import ensure_rules

_numbers = itertools.count(1)


def phone() -> str:
    return f"136{next(_numbers):08d}"


def new_volunteer(city, community: int = 0, **fields) -> Volunteer:
    ensure_rules()
    values = {
        "community": city.communities[community],
        "name": "李志愿",
        "phone": phone(),
        "kind": PersonKind.VOLUNTEER,
        "status": PersonStatus.ACTIVE,
        **fields,
    }
    return Volunteer.objects.create(**values)


def new_supervisor(city, community: int = 0, **fields) -> Volunteer:
    return new_volunteer(
        city, community, kind=PersonKind.SUPERVISOR, badge_no="JD0001", name="张监督", **fields
    )


def new_training(city, community: int = 0, **fields) -> Training:
    values = {
        "community": city.communities[community],
        "title": "城管法规培训",
        "kind": TrainingKind.BUSINESS,
        "day": date.today(),
        "hours": 2,
        "created_by": city.heads[city.communities[community].pk],
        **fields,
    }
    return Training.objects.create(**values)


def matrix_objects(city, people) -> dict:
    """For the URL matrix: a pending volunteer and a training in communities 0 and 3."""
    found = {}
    for i, community in ((0, 0), (1, 3)):
        found[f"vo{i}"] = new_volunteer(city, community, status=PersonStatus.PENDING).pk
        found[f"tr{i}"] = new_training(city, community).pk
    return found
