"""Keyset pagination: a page starts after (or ends before) the row a signed cursor names.

OFFSET reads and throws away every row before the page, and a COUNT reads every row: both grow
with the table. A keyset page seeks the ordering's index to the cursor and reads one page.

An ordering is a list of `Part`s read one after the other, each a filter and its columns, the
last of them a unique one (the pk). Splitting is how `due_at NULLS LAST` gets an index on both
databases: the rows with a deadline in deadline order, then the rows without one, newest first,
each part served by an index of its own.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core import signing
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

SALT = "civicgrid.keyset"
COUNT_CAP = 1000  # a list counts this many rows at most, then says "1,000+"
MAX_OFFSET_PAGE = 1000  # ?page=N (old links) is read with OFFSET up to this page


class CursorError(ValueError):
    """A cursor that was not made here, or no longer fits the list."""

    def __init__(self):
        super().__init__(str(_("翻页链接无效或已失效，请从第一页重新浏览")))


@dataclass(frozen=True)
class Part:
    """Rows matching `where`, ordered by `columns`: (field name, descending) pairs, the last
    one unique and none of them null within the part."""

    where: Q
    columns: tuple[tuple[str, bool], ...]

    def order(self, reverse: bool = False) -> list[str]:
        return [("-" if desc != reverse else "") + name for name, desc in self.columns]

    def beyond(self, values: list, reverse: bool = False) -> Q:
        """The rows after `values` in this part's order (before them when reverse)."""
        q = Q(pk__in=[])
        equal = Q()
        for (name, desc), value in zip(self.columns, values, strict=True):
            later = "lt" if desc != reverse else "gt"
            q |= equal & Q(**{f"{name}__{later}": value})
            equal &= Q(**{name: value})
        first, desc = self.columns[0]
        # The same bound once more, alone: the planner seeks the index to it.
        bound = "lte" if desc != reverse else "gte"
        return Q(**{f"{first}__{bound}": values[0]}) & q


@dataclass
class Page:
    """One page of a list: its rows, where it stands, and the cursors either way."""

    rows: list
    number: int
    has_next: bool
    has_previous: bool
    next_cursor: str = ""
    previous_cursor: str = ""
    total: int = 0  # counted up to COUNT_CAP + 1
    extra: dict = field(default_factory=dict)

    @property
    def total_capped(self) -> bool:
        return self.total > COUNT_CAP

    @property
    def total_text(self) -> str:
        return f"{COUNT_CAP:,}+" if self.total_capped else f"{self.total:,}"


def _encode(value) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _decode(value, like: str) -> Any:
    if like == "datetime":
        return datetime.fromisoformat(value)
    return value


def _kinds(qs: QuerySet, part: Part) -> list[str]:
    meta = qs.model._meta
    kinds = []
    for name, _desc in part.columns:
        f = meta.pk if name == "pk" else meta.get_field(name)
        kinds.append("datetime" if f.get_internal_type() == "DateTimeField" else "int")
    return kinds


def make_cursor(qs: QuerySet, parts: list[Part], index: int, row, *, number: int, back: bool):
    values = [_encode(getattr(row, name)) for name, _desc in parts[index].columns]
    return signing.dumps({"p": index, "v": values, "n": number, "b": back}, salt=SALT)


def read_cursor(qs: QuerySet, parts: list[Part], cursor: str) -> tuple[int, list, int, bool]:
    """(part, values, page number, backwards) of a cursor; CursorError for anything else."""
    try:
        data = signing.loads(cursor, salt=SALT)
        index, raw, number, back = data["p"], data["v"], data["n"], data["b"]
        if not (isinstance(index, int) and 0 <= index < len(parts)):
            raise CursorError
        kinds = _kinds(qs, parts[index])
        if not (isinstance(raw, list) and len(raw) == len(kinds)):
            raise CursorError
        if not (isinstance(number, int) and number >= 1 and isinstance(back, bool)):
            raise CursorError
        values = []
        for value, kind in zip(raw, kinds, strict=True):
            if not isinstance(value, str if kind == "datetime" else int) or isinstance(value, bool):
                raise CursorError
            values.append(_decode(value, kind))
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise CursorError from exc
    return index, values, number, back


def paginate(
    qs: QuerySet, parts: list[Part], *, size: int, cursor: str = "", page: Any = None
) -> Page:
    """The page a cursor names, else page `page` (1-based, by OFFSET, for old links)."""
    if cursor:
        index, values, number, back = read_cursor(qs, parts, cursor)
        if back:
            return _backwards(qs, parts, index, values, number, size)
        rows, owners = _forwards(qs, parts, index, values, size + 1)
        return _page(qs, parts, rows, owners, number, size, has_previous=True)
    try:
        number = max(1, min(int(page or 1), MAX_OFFSET_PAGE))
    except (TypeError, ValueError):
        number = 1
    rows, owners = _offset(qs, parts, (number - 1) * size, size + 1)
    if not rows and number > 1:
        number = 1  # past the end: the first page rather than an empty one
        rows, owners = _offset(qs, parts, 0, size + 1)
    return _page(qs, parts, rows, owners, number, size, has_previous=number > 1)


def _forwards(qs, parts, index, values, wanted, reverse=False):
    rows: list = []
    owners: list[int] = []
    order = range(index, -1, -1) if reverse else range(index, len(parts))
    for i in order:
        part = parts[i]
        part_qs = qs.filter(part.where)
        if i == index and values is not None:
            part_qs = part_qs.filter(part.beyond(values, reverse))
        got = list(part_qs.order_by(*part.order(reverse))[: wanted - len(rows)])
        rows += got
        owners += [i] * len(got)
        if len(rows) >= wanted:
            break
    return rows, owners


def _offset(qs, parts, start, wanted):
    """`wanted` rows from position `start`: the row before it is found by its ordering columns
    alone (from the index), then the page is read after it as after a cursor."""
    for i, part in enumerate(parts):
        if not start:
            return _forwards(qs, parts, i, None, wanted)
        names = [name for name, _desc in part.columns]
        part_qs = qs.filter(part.where).order_by(*part.order())
        anchor = list(part_qs.values_list(*names)[start - 1 : start])
        if anchor:
            return _forwards(qs, parts, i, list(anchor[0]), wanted)
        start = max(start - part_qs.count(), 0)  # this part ends before the page: skip it
    return [], []


def _backwards(qs, parts, index, values, number, size):
    rows, owners = _forwards(qs, parts, index, values, size + 1, reverse=True)
    if len(rows) <= size:
        # Rows before this one no longer fill a page (some were closed or deleted): the first.
        first, first_owners = _forwards(qs, parts, 0, None, size + 1)
        return _page(qs, parts, first, first_owners, 1, size, has_previous=False)
    rows, owners = rows[:size][::-1], owners[:size][::-1]
    # The row the cursor named follows this page.
    return _page(qs, parts, rows, owners, max(number, 2), size, has_previous=True, has_next=True)


def _page(qs, parts, rows, owners, number, size, *, has_previous, has_next=None) -> Page:
    if has_next is None:
        has_next = len(rows) > size
    rows, owners = rows[:size], owners[:size]
    page = Page(rows, number, has_next, has_previous and bool(rows))
    if rows and has_next:
        page.next_cursor = make_cursor(
            qs, parts, owners[-1], rows[-1], number=number + 1, back=False
        )
    if rows and page.has_previous:
        page.previous_cursor = make_cursor(
            qs, parts, owners[0], rows[0], number=max(number - 1, 1), back=True
        )
    if number == 1 and not has_next:
        page.total = len(rows)  # the whole list is on this page: nothing to count
    else:
        page.total = qs.order_by().values("pk")[: COUNT_CAP + 1].count()
    return page
