"""Typical cases 典型案例: staff tell a closed case of their scope, the portal shows it.

The public sees what it sees of any solved case (community/public.py `anonymised`): the class,
the grid or community, the month, one before and one after photo; never the description, the
reporter, a phone or the address. The staff-written story is checked for the same things
before it is saved: no phone-like number, no reporter's name, no address or door number.
Every change writes a ShowcaseLog row in its transaction.
"""

import re
from dataclasses import dataclass
from typing import Literal

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area, path_codes
from civicgrid.cases.choices import PhotoKind, Status
from civicgrid.cases.models import Attachment, Case
from civicgrid.community.public import SolvedCase, anonymised
from civicgrid.people import actions
from civicgrid.people.scopes import scope_filter
from civicgrid.stations.choices import ShowcaseAction
from civicgrid.stations.models import Showcase, ShowcaseLog

LONG_NUMBER = re.compile(r"\d[\d\- ]{5,}\d")  # a phone, landline or ID: 7 digits or more
DOOR = re.compile(r"\d+\s*(栋|幢|号楼|单元|室|号院|弄)")
CANDIDATES_SHOWN = 30
PUBLIC_PAGE = 30


class InvalidInput(ValueError):
    """A typical case refused, with the reason in Chinese for the person writing it."""


def managed(user) -> QuerySet[Showcase]:
    """The typical cases of the user's showcase.manage scope."""
    return Showcase.objects.filter(
        scope_filter(user, actions.SHOWCASE_MANAGE, area_field="area_path", department=None)
    )


def candidates(user, *, code: str = "") -> QuerySet[Case]:
    """Closed cases of the user's scope with an after photo, not yet typical cases."""
    after = Attachment.objects.filter(case=OuterRef("pk"), kind=PhotoKind.AFTER)
    found = Case.objects.filter(
        scope_filter(user, actions.SHOWCASE_MANAGE, area_field="area_path", department=None),
        Exists(after),
        status=Status.CLOSED,
        showcase__isnull=True,
    )
    if code:
        found = found.filter(code__iexact=code.strip())
    return found.select_related("category", "grid").order_by("-closed_at")[:CANDIDATES_SHOWN]


def check_story(case: Case, texts: list[str]) -> None:
    """Refuse a story that names or points at the resident (InvalidInput, in Chinese)."""
    joined = "\n".join(texts)
    if LONG_NUMBER.search(joined):
        raise InvalidInput(_("典型案例中不能出现电话号码、证件号等长串数字，请删除后再保存"))
    name = (case.reporter_name or "").strip()
    if len(name) >= 2 and name in joined:
        raise InvalidInput(_("典型案例中不能出现反映人的姓名"))
    address = (case.address or "").strip()
    if (len(address) >= 4 and address in joined) or DOOR.search(joined):
        raise InvalidInput(_("典型案例中不能写出具体地址或门牌号，写到小区或路段即可"))


def _photo(case: Case, pk, kind: str) -> Attachment | None:
    if pk in (None, ""):
        return None
    found = case.attachments.filter(pk=pk, kind=kind).first()
    if found is None:
        raise InvalidInput(_("请从该案件自己的照片中选择处置前、处置后照片"))
    return found


def save(
    *,
    case: Case,
    actor,
    title: str,
    problem: str,
    solution: str,
    result: str,
    before=None,
    after=None,
    publish: bool = False,
) -> Showcase:
    """Create or edit the typical case of a closed case; publish it if asked."""
    if case.status != Status.CLOSED:
        raise InvalidInput(_("只有已结案的案件可以作为典型案例"))
    texts = [t.strip() for t in (title, problem, solution, result)]
    if not all(texts):
        raise InvalidInput(_("请填写标题、问题、解决过程和效果"))
    check_story(case, texts)
    before_photo = _photo(case, before, PhotoKind.BEFORE)
    after_photo = _photo(case, after, PhotoKind.AFTER)
    if publish and after_photo is None:
        raise InvalidInput(_("发布前请至少选择一张处置后照片"))
    now = timezone.now()
    with transaction.atomic():
        showcase = Showcase.objects.select_for_update().filter(case=case).first()
        action = ShowcaseAction.EDIT if showcase else ShowcaseAction.CREATE
        if showcase is None:
            showcase = Showcase(case=case, created_by=actor, created_at=now)
        showcase.area_path = case.area_path
        showcase.title, showcase.problem, showcase.solution, showcase.result = texts
        showcase.before, showcase.after = before_photo, after_photo
        showcase.updated_at = now
        if publish and showcase.published_at is None:
            showcase.published_at = now
        showcase.save()
        ShowcaseLog.objects.create(showcase=showcase, action=action, actor=actor, at=now,
                                   data={"title": showcase.title})  # fmt: skip
        if publish and showcase.published_at == now:
            ShowcaseLog.objects.create(
                showcase=showcase, action=ShowcaseAction.PUBLISH, actor=actor, at=now
            )
    return showcase


def unpublish(*, showcase: Showcase, actor) -> Showcase:
    """Take a typical case off the portal (it stays as a draft)."""
    with transaction.atomic():
        locked = Showcase.objects.select_for_update().get(pk=showcase.pk)
        if locked.published_at is not None:
            locked.published_at = None
            locked.save(update_fields=["published_at"])
            ShowcaseLog.objects.create(
                showcase=locked, action=ShowcaseAction.UNPUBLISH, actor=actor
            )
    return locked


# --- the public side --------------------------------------------------------------------


@dataclass
class TypicalCase:
    """A published typical case as the public sees it."""

    title: str
    problem: str
    solution: str
    result: str
    street: str
    community: str
    solved: SolvedCase


def published() -> QuerySet[Showcase]:
    return Showcase.objects.filter(published_at__isnull=False)


def public_list(
    *, street: Area | None = None, community: Area | None = None, category_id=None, limit=None
) -> list[TypicalCase]:
    """Published typical cases, newest first, anonymised like the community page's."""
    found = published()
    area = community or street
    if area is not None:
        found = found.filter(area_path__startswith=area.path)
    if category_id:
        found = found.filter(
            Q(case__category_id=category_id) | Q(case__category__parent_id=category_id)
        )
    found = found.select_related("case__category", "case__grid", "before", "after")
    rows = list(found.order_by("-published_at", "-pk")[: limit or PUBLIC_PAGE])
    names = _area_names(rows)
    out = []
    for s in rows:
        codes = path_codes(s.area_path)
        street_name = names.get(codes[Level.STREET - 1], "") if len(codes) >= Level.STREET else ""
        community_name = (
            names.get(codes[Level.COMMUNITY - 1], "") if len(codes) >= Level.COMMUNITY else ""
        )
        solved = anonymised(
            s.case,
            place_of_community=community_name,
            before=[s.before] if s.before else [],
            after=[s.after] if s.after else [],
        )
        out.append(
            TypicalCase(s.title, s.problem, s.solution, s.result, street_name, community_name,
                        solved)
        )  # fmt: skip
    return out


def _area_names(rows: list[Showcase]) -> dict[str, str]:
    codes = {c for s in rows for c in path_codes(s.area_path)[: Level.COMMUNITY]}
    return dict(Area.objects.filter(code__in=codes).values_list("code", "name"))


def public_filters() -> tuple[list[Area], list[tuple[int, str]]]:
    """The streets and classes that have a published typical case: the filter's choices."""
    paths = set(published().values_list("area_path", flat=True))
    street_codes = {path_codes(p)[Level.STREET - 1] for p in paths if len(path_codes(p)) >= 3}
    streets = list(Area.objects.filter(code__in=street_codes).order_by("code"))
    classes = (
        published()
        .exclude(case__category=None)
        .values_list("case__category_id", "case__category__name")
        .distinct()
        .order_by("case__category__name")
    )
    return streets, list(classes)


def photo_access(name: str) -> Literal["public"] | None:
    """ "public" for a photo chosen for a published typical case (civicgrid/media.py)."""
    photos = Attachment.objects.filter(image=name)
    chosen = published().filter(Q(before__in=photos) | Q(after__in=photos)).exists()
    return "public" if chosen else None
