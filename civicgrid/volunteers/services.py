"""What is done to the registry: applying, approving, recording activities and their points."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.cases.errors import InvalidInput
from civicgrid.lib.crypto import digest
from civicgrid.volunteers.choices import ActivityKind, PersonKind, PersonStatus
from civicgrid.volunteers.models import Activity, PointEntry, PointRule, Volunteer
from civicgrid.volunteers.rules import ensure_rules


def already_listed(community, phone: str, exclude: int | None = None) -> bool:
    found = Volunteer.objects.filter(community=community, phone_digest=digest(phone))
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return found.exclude(status=PersonStatus.LEFT).exists()


def apply(*, community, name: str, phone: str, kind: str, skills: str = "") -> Volunteer:
    """A resident's application from the portal: pending until the station approves it."""
    if already_listed(community, phone):
        raise InvalidInput(_("该手机号已在本社区登记或申请过"))
    return Volunteer.objects.create(
        community=community,
        name=name,
        phone=phone,
        kind=kind,
        skills=skills,
        status=PersonStatus.PENDING,
        applied_online=True,
    )


def approve(*, volunteer: Volunteer, actor) -> Volunteer:
    """Put a pending applicant on the registry; a supervisor gets a badge number if none."""
    if volunteer.status != PersonStatus.PENDING:
        raise InvalidInput(_("只有待审核的申请可以通过"))
    volunteer.status = PersonStatus.ACTIVE
    volunteer.joined_on = timezone.localdate()
    if volunteer.kind == PersonKind.SUPERVISOR and not volunteer.badge_no:
        volunteer.badge_no = f"JD{volunteer.community.code[-4:]}{volunteer.pk:04d}"
    volunteer.save()
    return volunteer


def points_for(kind: str, hours: Decimal) -> int:
    """The points of one activity by its rule (0 when the rule is off or missing)."""
    ensure_rules()
    rule = PointRule.objects.filter(kind=kind, active=True).first()
    if rule is None:
        return 0
    if not rule.per_hour:
        return rule.points
    return int((rule.points * hours).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def record(*, volunteer: Volunteer, actor, day, title: str, kind: str, hours, case=None):
    """One activity and, when its rule gives points, its line in the points ledger."""
    if volunteer.status != PersonStatus.ACTIVE:
        raise InvalidInput(_("只能为在册人员登记参与记录"))
    if day > timezone.localdate():
        raise InvalidInput(_("日期不能晚于今天"))
    hours = Decimal(hours or 0)
    if kind in (ActivityKind.SERVICE, ActivityKind.PATROL) and hours <= 0:
        raise InvalidInput(_("志愿服务和随队巡查请填写时长"))
    with transaction.atomic():
        locked = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        activity = Activity.objects.create(
            volunteer=locked,
            day=day,
            title=title,
            kind=kind,
            hours=hours,
            case=case,
            recorded_by=actor,
        )
        delta = points_for(kind, hours)
        if delta:
            before = year_points(locked, day.year)
            PointEntry.objects.create(
                volunteer=locked,
                year=day.year,
                activity=activity,
                label=f"{activity.get_kind_display()}：{title}"[:100],
                delta=delta,
                balance=before + delta,
                actor=actor,
            )
    return activity


def year_points(volunteer: Volunteer, year: int) -> int:
    found = PointEntry.objects.filter(volunteer=volunteer, year=year).aggregate(n=Sum("delta"))
    return found["n"] or 0


def ranking(volunteers, year: int):
    """The year's points per person, most first: (volunteer, points, hours) rows."""
    rows = (
        volunteers.filter(entries__year=year)
        .annotate(total=Sum("entries__delta"))
        .select_related("community")
        .order_by("-total", "pk")
    )
    hours = dict(
        Activity.objects.filter(volunteer__in=volunteers, day__year=year)
        .values_list("volunteer")
        .annotate(h=Sum("hours"))
    )
    return [(v, v.total, hours.get(v.pk, Decimal(0))) for v in rows]
