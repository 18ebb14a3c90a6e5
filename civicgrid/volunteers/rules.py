"""The points rules a city starts with; edited in admin afterwards."""

from civicgrid.volunteers.choices import ActivityKind

DEFAULT_RULES = [
    # kind, points, per hour
    (ActivityKind.SERVICE, 2, True),
    (ActivityKind.PATROL, 2, True),
    (ActivityKind.EVENT, 5, False),
    (ActivityKind.REPORT, 3, False),
]


def ensure_rules(rule_model=None) -> None:
    """The default rules where none exist yet (a new city, a flushed test database)."""
    if rule_model is None:
        from civicgrid.volunteers.models import PointRule as rule_model
    if not rule_model.objects.exists():
        rule_model.objects.bulk_create(
            rule_model(kind=kind, points=points, per_hour=per_hour)
            for kind, points, per_hour in DEFAULT_RULES
        )
