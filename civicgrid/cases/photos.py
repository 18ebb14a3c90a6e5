"""Who may see a case photo.

Staff who may view the case see all of its photos (a summoned department included), and so
does its reporter. Everyone else sees only the public pair: the first before and the first
after photo of a closed case, which the community page and the tracking page show to anyone.
A reporter's photos of an open case can show faces, plates or a home: not for the public.
"""

from typing import Literal

from django.db.models import F, OuterRef, QuerySet, Subquery

from civicgrid.cases.choices import PhotoKind, Status
from civicgrid.cases.models import Attachment, Case
from civicgrid.intake.residents import is_owner

Access = Literal["public", "private"] | None
OWNED_CODES_CHECKED = 50  # a demo photo is shared by many cases; a real one by one


def public_photos() -> QuerySet[Attachment]:
    """The public pairs: per closed case, its first photo of each kind."""
    first = (
        Attachment.objects.filter(case=OuterRef("case"), kind=OuterRef("kind"))
        .order_by("uploaded_at", "pk")
        .values("pk")[:1]
    )
    return (
        Attachment.objects.filter(case__status=Status.CLOSED)
        .annotate(first_pk=Subquery(first))
        .filter(pk=F("first_pk"))
    )


def shown(case: Case, *, owner: bool) -> tuple[list[Attachment], list[Attachment]]:
    """The before and after photos the tracking page shows: all to the reporter."""
    if not owner and case.status != Status.CLOSED:
        return [], []  # public_photos() has only closed cases: no query
    photos = list(case.attachments.all() if owner else public_photos().filter(case=case))
    return (
        [p for p in photos if p.kind == PhotoKind.BEFORE],
        [p for p in photos if p.kind == PhotoKind.AFTER],
    )


def access(request, name: str) -> Access:
    """How this request may see the case photo stored as `name`; None: not at all."""
    if public_photos().filter(image=name).exists():
        return "public"
    cases = Case.objects.filter(attachments__image=name)
    if request.user.is_authenticated and cases.visible_to(request.user).exists():
        return "private"
    codes = cases.order_by("pk").values_list("code", flat=True).distinct()
    if any(is_owner(request, code) for code in codes[:OWNED_CODES_CHECKED]):
        return "private"
    return None
