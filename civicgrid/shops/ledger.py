"""The points ledger 积分台账: every rule applied is one immutable entry; list moves follow.

A shop starts each year with the scheme's base points. `record()` locks the shop row, writes
the entry with the balance after it, and when the balance crosses a threshold writes the list
change and queues the text to the owner, all in one transaction.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.cases.errors import InvalidInput, NotAllowed
from civicgrid.people import actions
from civicgrid.people.scopes import can
from civicgrid.shops import notices
from civicgrid.shops.choices import RuleUse
from civicgrid.shops.models import ListChange, PointEntry, PointRule, PointScheme, Shop


def points_now(shop: Shop, scheme: PointScheme | None = None) -> int:
    """This year's points: the base until the first entry of the year."""
    if shop.points_year == timezone.localdate().year:
        return shop.points
    return (scheme or PointScheme.current()).base


def balance_of(shop: Shop, year: int, scheme: PointScheme | None = None) -> int:
    """A year's points summed from the ledger (what `Shop.points` must agree with)."""
    total = shop.entries.filter(year=year).aggregate(s=Sum("delta"))["s"] or 0
    return (scheme or PointScheme.current()).base + total


def record(
    *, shop: Shop, rule: "PointRule | YearStart", actor, inspection=None, note: str = "", at=None
):
    """Apply one rule to a shop; the entry written (and the list change, if any)."""
    at = at or timezone.now()
    year = timezone.localtime(at).year
    with transaction.atomic():
        locked = Shop.objects.select_for_update().get(pk=shop.pk)
        scheme = PointScheme.current()
        start = locked.points if locked.points_year == year else scheme.base
        balance = start + rule.delta
        entry = PointEntry.objects.create(
            shop=locked,
            year=year,
            rule_code=rule.code,
            label=rule.label,
            delta=rule.delta,
            balance=balance,
            actor=actor,
            at=at,
            inspection=inspection,
            note=note[:300],
        )
        before, after = locked.standing, scheme.standing(balance)
        if after != before:
            ListChange.objects.create(
                shop=locked, entry=entry, before=before, after=after, balance=balance, at=at
            )
            notices.queue_list_move(shop=locked, before=before, after=after, points=balance, at=at)
        Shop.objects.filter(pk=shop.pk).update(points=balance, points_year=year, standing=after)
    shop.points, shop.points_year, shop.standing = balance, year, after
    return entry


@dataclass(frozen=True)
class YearStart:
    """Not a rule of the table: the entry that opens a year at the base points."""

    code: str = "year_start"
    label: str = ""
    delta: int = 0


def start_year(now=None) -> int:
    """Open the new year for every shop still on last year's points: one entry each, back at
    the base, and off the lists where the base lies between them. Idempotent; run daily."""
    now = now or timezone.now()
    year = timezone.localtime(now).year
    opening = YearStart(label=_("年度基础分"))
    started = 0
    for shop in Shop.objects.filter(points_year__lt=year).only("pk")[:5000]:
        record(shop=shop, rule=opening, actor=None, at=now)
        started += 1
    return started


def award(*, shop: Shop, rule: PointRule, actor, note: str) -> PointEntry:
    """A points rule applied by hand (最美商户, a complaint upheld): shop.manage, with a reason."""
    if not can(actor, actions.SHOP_MANAGE, shop):
        raise NotAllowed(_("您没有为该商户记分的权限"))
    if rule.use != RuleUse.AWARD or not rule.active:
        raise InvalidInput(_("请选择一项评选与奖惩规则"))
    if not note.strip():
        raise InvalidInput(_("请填写记分理由"))
    return record(shop=shop, rule=rule, actor=actor, note=note.strip())
