"""Residents' rights under 个人信息保护法 (PIPL): a copy of their data, its erasure, and the
retention schedule that anonymises ended cases on its own.

What is personal here: the reporter's name and mobile number (Case, encrypted), the texts sent
to that number (notify.Message), the name and number left with a consultation answer (consult,
encrypted; consult/privacy.py blanks them, the answer stays), the name and number of an event
sign-up (community/privacy.py, likewise), and whatever the resident typed
about themselves into the description. Anonymising a case blanks the name and number, deletes
its texts, stars the name and number where they were typed into the description, address or
rating comment, and rounds the point to about 100 m (retention also blanks the enforcement
party's name, ID number and phone of the case): an exact point with "我家门口" can single out
one household, while the grid, the class and a 100 m point keep the public record, maps and
figures meaningful. The case itself stays, as do its events: the history is append-only (等保
audit), so the report event keeps the description as first typed; it is shown to staff only.
"""

import json
import re
from datetime import datetime, timedelta

import xlsxwriter
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from civicgrid.audit.log import log
from civicgrid.audit.models import Kind
from civicgrid.cases import search
from civicgrid.cases.choices import Status
from civicgrid.cases.enforcement.models import Enforcement
from civicgrid.cases.models import Attachment, Case, CaseEvent
from civicgrid.community import privacy as event_privacy
from civicgrid.consult import privacy as consult_privacy
from civicgrid.lib.privacy import mask_phone, normalise_mobile, strip_keys
from civicgrid.notify.choices import DeliveryStatus
from civicgrid.notify.models import Message, Outbox, WebhookDelivery, WeChatFollower

STARS = "***"
POINT_DECIMALS = 3  # about 110 m of latitude
BATCH = 500
YEAR = timedelta(days=365.25)


def _iso(value: datetime | None) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


# --- a copy of one resident's data (PIPL 第四十五条) ----------------------------------------


def resident_data(phone: str) -> dict:
    """Everything held on the resident with this mobile number, found through its digest."""
    phone = normalise_mobile(phone)
    cases = list(Case.objects.with_phone(phone).select_related("category").order_by("reported_at"))
    ids = [c.pk for c in cases]
    photos: dict[int, list] = {pk: [] for pk in ids}
    for a in Attachment.objects.filter(case_id__in=ids).order_by("uploaded_at", "pk"):
        photos[a.case_id].append(
            {"kind": a.get_kind_display(), "uploaded_at": _iso(a.uploaded_at), "file": a.image.name}
        )
    timeline: dict[int, list] = {pk: [] for pk in ids}
    for e in CaseEvent.objects.filter(case_id__in=ids, public=True).order_by("at", "pk"):
        timeline[e.case_id].append(
            {"at": _iso(e.at), "action": str(e.label), "by": e.actor_label, "note": e.note}
        )
    messages = [
        {
            "case": m.case.code,
            "created_at": _iso(m.created_at),
            "sent_at": _iso(m.sent_at),
            "status": m.get_status_display(),
            "to": m.to,
            "text": strip_keys(m.body),
        }
        for m in Message.objects.filter(case_id__in=ids).select_related("case").order_by("pk")
    ]
    return {
        "phone": phone,
        "exported_at": _iso(timezone.now()),
        "cases": [
            {
                "code": c.code,
                "reported_at": _iso(c.reported_at),
                "channel": c.get_channel_display(),
                "category": c.category.name if c.category else "",
                "status": c.get_status_display(),
                "description": c.description,
                "address": c.address,
                "lng": c.lng,
                "lat": c.lat,
                "reporter_name": c.reporter_name,
                "reporter_phone": c.reporter_phone,
                "rating": c.rating,
                "rating_comment": c.rating_comment,
                "closed_at": _iso(c.closed_at),
                "photos": photos[c.pk],
                "timeline": timeline[c.pk],
            }
            for c in cases
        ],
        "messages": messages,
        "consultations": consult_privacy.answers_of(phone),
        "event_signups": event_privacy.signups_of(phone),
    }


def export_resident(phone: str, out=None, *, fmt: str = "json", operator: str = "") -> dict:
    """Write the resident's data as JSON or Excel to `out` (a text or binary file) and log it."""
    data = resident_data(phone)
    if fmt == "xlsx":
        _write_xlsx(data, out)
    else:
        json.dump(data, out, ensure_ascii=False, indent=2)
    log(
        Kind.PII_EXPORT,
        username=operator,
        target=mask_phone(data["phone"]),
        cases=[c["code"] for c in data["cases"]],
        messages=len(data["messages"]),
        format=fmt,
    )
    return data


SHEETS = {
    "案件": [
        ("查询码", "code"),
        ("上报时间", "reported_at"),
        ("来源渠道", "channel"),
        ("分类", "category"),
        ("状态", "status"),
        ("问题描述", "description"),
        ("地址", "address"),
        ("经度", "lng"),
        ("纬度", "lat"),
        ("反映人", "reporter_name"),
        ("反映人电话", "reporter_phone"),
        ("满意度", "rating"),
        ("评价", "rating_comment"),
        ("结案时间", "closed_at"),
    ],
    "办理过程": [
        ("查询码", "case"),
        ("时间", "at"),
        ("动作", "action"),
        ("操作人身份", "by"),
        ("说明", "note"),
    ],
    "照片": [("查询码", "case"), ("类型", "kind"), ("上传时间", "uploaded_at"), ("文件", "file")],
    "短信": [
        ("查询码", "case"),
        ("创建时间", "created_at"),
        ("发送时间", "sent_at"),
        ("状态", "status"),
        ("接收号码", "to"),
        ("内容", "text"),
    ],
    "意见征集": [
        ("意见征集", "topic"),
        ("提交时间", "created_at"),
        ("社区", "community"),
        ("选择", "choice"),
        ("意见建议", "text"),
        ("称呼", "name"),
        ("手机号", "phone"),
    ],
    "活动报名": [
        ("活动", "event"),
        ("活动时间", "starts_at"),
        ("社区", "community"),
        ("状态", "state"),
        ("报名时间", "created_at"),
        ("签到时间", "attended_at"),
        ("姓名", "name"),
        ("手机号", "phone"),
    ],
}


def _write_xlsx(data: dict, out) -> None:
    rows = {
        "案件": data["cases"],
        "办理过程": [{"case": c["code"], **e} for c in data["cases"] for e in c["timeline"]],
        "照片": [{"case": c["code"], **p} for c in data["cases"] for p in c["photos"]],
        "短信": data["messages"],
        "意见征集": data["consultations"],
        "活动报名": data["event_signups"],
    }
    # What residents typed is written as text, never as a formula or a link.
    book = xlsxwriter.Workbook(out, {"strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    for name, columns in SHEETS.items():
        sheet = book.add_worksheet(name)
        for col, (title, _key) in enumerate(columns):
            sheet.write_string(0, col, title, bold)
            sheet.set_column(col, col, 30 if _key in ("description", "text", "note") else 16)
        for row, item in enumerate(rows[name], start=1):
            for col, (_title, key) in enumerate(columns):
                value = item.get(key)
                if isinstance(value, int | float):
                    sheet.write_number(row, col, value)
                elif value not in (None, ""):
                    sheet.write_string(row, col, str(value))
    book.close()


# --- erasure and anonymisation (PIPL 第四十七条) ----------------------------------------------


def _pattern(phone: str, name: str) -> re.Pattern | None:
    """The number however it was typed (138 1234 5678, +86-138…) and a name of 2+ characters."""
    parts = []
    if phone:
        parts.append(r"(?:\+?86[\s-]?)?" + r"[\s-]?".join(re.escape(d) for d in phone))
    if len(name.strip()) >= 2:
        parts.append(re.escape(name.strip()))
    return re.compile("|".join(parts)) if parts else None


def anonymise(cases: list[Case], now: datetime) -> list[Case]:
    """Remove the reporters' data from these cases (see the module's docstring); returns the
    ones done (not those anonymised meanwhile by another run)."""
    Message.objects.filter(case__in=cases).delete()
    # The WeChat openid a case was reported from is personal data too (notify.WeChatFollower).
    WeChatFollower.objects.filter(case__in=cases).delete()
    done = [case for case in cases if _anonymise(case, now)]
    # Scrubbed text must leave the search index too, in the same transaction.
    search.reindex(Case.objects.filter(pk__in=[case.pk for case in done]))
    return done


def _anonymise(case: Case, now: datetime) -> bool:
    found = _pattern(case.reporter_phone, case.reporter_name)

    def scrub(text: str) -> str:
        return found.sub(STARS, text) if found and text else text

    def coarse(value: float | None) -> float | None:
        return None if value is None else round(value, POINT_DECIMALS)

    return bool(
        Case.objects.filter(pk=case.pk, anonymised_at__isnull=True).update(
            reporter_name="",
            reporter_phone="",
            reporter_phone_digest="",
            description=scrub(case.description),
            address=scrub(case.address),
            rating_comment=scrub(case.rating_comment),
            lng=coarse(case.lng),
            lat=coarse(case.lat),
            anonymised_at=now,
        )
    )


def forget_parties(cases: list[Case]) -> int:
    """Blank the enforcement party's name, ID number and phone of these ended cases (retention
    only: a reporter's erasure request never touches another person's record); the violation,
    the measure and the decision number stay, so the figures and the file reference do."""
    return Enforcement.objects.filter(case__in=cases).update(
        party_name="", party_id_number="", party_id_digest="", party_phone=""
    )


def erase_resident(phone: str, *, operator: str = "") -> list[str]:
    """Erase one resident's data on request, from every case they reported; logged. The cases
    stay, anonymised. Returns their tracking codes."""
    phone = normalise_mobile(phone)
    now = timezone.now()
    with transaction.atomic():
        cases = list(Case.objects.with_phone(phone).select_for_update().order_by("pk"))
        codes = [case.code for case in anonymise(cases, now)]
        answers = consult_privacy.erase(phone)
        signups = event_privacy.erase(phone)
        log(
            Kind.PII_ERASE,
            username=operator,
            target=mask_phone(phone),
            cases=codes,
            consultation_answers=answers,
            event_signups=signups,
        )
    return codes


# --- retention ----------------------------------------------------------------------------


def contact_expired(now: datetime):
    """Ended cases whose reporter data is past RETENTION_CONTACT_YEARS: closed ones from their
    closing, rejected and merged ones (which end within days) from their report."""
    years = settings.CIVICGRID_RETENTION_CONTACT_YEARS
    if years <= 0:
        return Case.objects.none()
    cutoff = now - YEAR * years
    ended = Q(status=Status.CLOSED, closed_at__lt=cutoff) | Q(
        status__in=[Status.REJECTED, Status.MERGED], reported_at__lt=cutoff
    )
    return Case.objects.filter(ended, anonymised_at__isnull=True)


def apply_retention(now: datetime | None = None, *, operator: str = "", progress=None) -> dict:
    """One run of the schedule: anonymise expired cases a batch at a time, delete expired texts
    and delivered outbox rows and webhook deliveries (sent, or given up as dead letters: what
    an operator re-sends is recent); logged (Kind.RETENTION), also when there was nothing to do."""
    now = now or timezone.now()
    anonymised = 0
    while batch := list(contact_expired(now).order_by("pk")[:BATCH]):
        with transaction.atomic():
            done = anonymise(batch, now)
            forget_parties(done)
            anonymised += len(done)
        if progress:
            progress(anonymised)
    years = settings.CIVICGRID_RETENTION_CONTACT_YEARS
    answers = consult_privacy.expire(now - YEAR * years) if years > 0 else 0
    messages = outbox = webhooks = 0
    days = settings.CIVICGRID_RETENTION_MESSAGES_DAYS
    if days > 0:
        cutoff = now - timedelta(days=days)
        messages = Message.objects.filter(created_at__lt=cutoff).delete()[0]
        outbox = Outbox.objects.filter(done_at__lt=cutoff).delete()[0]
        ended = [DeliveryStatus.SENT, DeliveryStatus.DEAD]
        old = WebhookDelivery.objects.filter(status__in=ended, created_at__lt=cutoff)
        webhooks = old.delete()[0]
    counts = {
        "anonymised": anonymised,
        "consultation_answers": answers,
        "event_signups": event_privacy.expire(now),
        "messages": messages,
        "outbox": outbox,
        "webhook_deliveries": webhooks,
    }
    log(
        Kind.RETENTION,
        username=operator,
        contact_years=settings.CIVICGRID_RETENTION_CONTACT_YEARS,
        messages_days=days,
        **counts,
    )
    return counts
