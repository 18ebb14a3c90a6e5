"""Inspections, agreements and the shop's rating of the service: one function each."""

from collections.abc import Iterable, Sequence
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.cases.errors import InvalidInput, NotAllowed
from civicgrid.lib.images import BadImage, clean_photo
from civicgrid.people import actions
from civicgrid.people.scopes import can
from civicgrid.shops import ledger, notices
from civicgrid.shops.choices import RuleUse
from civicgrid.shops.models import (
    Agreement,
    Inspection,
    InspectionPhoto,
    PointRule,
    ServiceRating,
    Shop,
)
from civicgrid.shops.rules import PASS_CODE


def inspection_items():
    """The rules an inspection checks, in their order."""
    return PointRule.objects.filter(use=RuleUse.ITEM, active=True)


def inspect(
    *,
    shop: Shop,
    actor,
    failed: Iterable[PointRule],
    score: int,
    note: str = "",
    photos: Sequence[UploadedFile] = (),
    lng: float | None = None,
    lat: float | None = None,
    at=None,
) -> Inspection:
    """Record an inspection; each failed item deducts its points, a clean one earns the pass."""
    if not can(actor, actions.SHOP_INSPECT, shop):
        raise NotAllowed(_("您没有检查该商户的权限"))
    failed = list(failed)
    if not 1 <= score <= 5:
        raise InvalidInput(_("履约评价请选择 1 到 5 分"))
    if any(rule.use != RuleUse.ITEM for rule in failed):
        raise InvalidInput(_("不合格项目只能从检查项目中选择"))
    if failed and not note.strip() and not photos:
        raise InvalidInput(_("有不合格项目时，请拍照或填写检查情况"))
    try:
        cleaned = [clean_photo(p) for p in photos]
    except BadImage as exc:
        raise InvalidInput(str(exc)) from exc
    at = at or timezone.now()
    with transaction.atomic():
        done = Inspection.objects.create(
            shop=shop,
            inspector=actor,
            at=at,
            failed=[rule.code for rule in failed],
            score=score,
            note=note.strip()[:500],
            lng=lng,
            lat=lat,
        )
        for photo in cleaned:
            InspectionPhoto.objects.create(inspection=done, image=photo)
        applied = failed or list(PointRule.objects.filter(code=PASS_CODE, active=True))
        for rule in applied:
            ledger.record(shop=shop, rule=rule, actor=actor, inspection=done, at=at)
        notices.queue_failed_inspection(shop=shop, inspection=done)
    return done


def sign(
    *,
    shop: Shop,
    actor,
    signer_name: str,
    starts_on: date,
    ends_on: date,
    duties: list[str],
    at=None,
) -> Agreement:
    """Sign a frontage-duty agreement: the owner types their name, the staff member witnesses."""
    if not can(actor, actions.SHOP_MANAGE, shop):
        raise NotAllowed(_("您没有为该商户签订责任书的权限"))
    if not signer_name.strip():
        raise InvalidInput(_("请店主本人填写姓名签订"))
    if ends_on <= starts_on:
        raise InvalidInput(_("截止日期应晚于起始日期"))
    if not duties:
        raise InvalidInput(_("请至少勾选一项责任事项"))
    overlapping = shop.agreements.filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
    if overlapping.exists():
        raise InvalidInput(_("该期间已有签订的责任书，请调整起止日期"))
    return Agreement.objects.create(
        shop=shop,
        duties=[str(d) for d in duties],
        starts_on=starts_on,
        ends_on=ends_on,
        signer_name=signer_name.strip(),
        witness=actor,
        signed_at=at or timezone.now(),
    )


def current_agreement(shop: Shop) -> Agreement | None:
    today = timezone.localdate()
    return shop.agreements.filter(starts_on__lte=today, ends_on__gte=today).first()


def period_of(at=None) -> str:
    return timezone.localtime(at or timezone.now()).strftime("%Y-%m")


def rate_service(*, shop: Shop, score: int, comment: str = "", at=None) -> ServiceRating:
    """The shop rates the service it received, once a month (from the link on its notice)."""
    if not 1 <= score <= 5:
        raise InvalidInput(_("请选择 1 到 5 分"))
    period = period_of(at)
    try:
        with transaction.atomic():
            return ServiceRating.objects.create(
                shop=shop,
                period=period,
                score=score,
                comment=comment.strip()[:300],
                at=at or timezone.now(),
            )
    except IntegrityError as exc:
        raise InvalidInput(_("本月已评价过，下个月可再次评价")) from exc
