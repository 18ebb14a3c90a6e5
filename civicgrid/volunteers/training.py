"""Trainings and 双报到: attendees, and hours per person and per station."""

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum

from civicgrid.volunteers.choices import TrainingKind
from civicgrid.volunteers.models import Attendance, Training

PARTY = TrainingKind.PARTY


def add_attendees(*, training: Training, staff=(), volunteers=()) -> int:
    """Add these people to the session; those already on it are skipped. How many were added."""
    added = 0
    wanted = [{"user_id": p.user_id} for p in staff] + [{"volunteer": v} for v in volunteers]
    for person in wanted:
        try:
            with transaction.atomic():
                Attendance.objects.create(training=training, **person)
        except IntegrityError:
            continue  # already attending
        added += 1
    return added


def per_person(trainings) -> list[dict]:
    """Hours and sessions per attendee over these trainings, most hours first."""
    rows = (
        Attendance.objects.filter(training__in=trainings)
        .values("user_id", "user__staff__name", "volunteer_id", "training__community__name")
        .annotate(
            hours=Sum("training__hours"),
            sessions=Count("id"),
            party=Count("id", filter=Q(training__kind=PARTY)),
        )
        .order_by("-hours", "user_id", "volunteer_id")
    )
    out = []
    names = _volunteer_names({r["volunteer_id"] for r in rows if r["volunteer_id"]})
    for r in rows:
        if r["user_id"]:
            name, role = r["user__staff__name"] or "", "staff"
        else:
            name, role = names.get(r["volunteer_id"], ""), "volunteer"
        out.append({**r, "name": name, "role": role})
    return out


def _volunteer_names(ids) -> dict[int, str]:
    from civicgrid.volunteers.models import Volunteer

    return {v.pk: v.masked_name for v in Volunteer.objects.filter(pk__in=ids)}


def per_station(trainings) -> list[dict]:
    """Sessions, attendances, person-hours and 双报到 count per community."""
    return list(
        trainings.values("community__name")
        .annotate(
            sessions=Count("id", distinct=True),
            attendances=Count("attendees"),
            person_hours=Sum("hours", filter=Q(attendees__isnull=False)),
            party=Count("attendees", filter=Q(kind=PARTY)),
        )
        .order_by("community__name")
    )
