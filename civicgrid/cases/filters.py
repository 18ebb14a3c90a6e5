"""One filter for case lists: the HTML list, the Excel export and the API use the same class."""

from datetime import date, datetime, time, timedelta
from html import escape

from django import forms
from django.db.models import DateTimeField, F, Func, Q
from django.db.models.lookups import IsNull
from django.forms.utils import flatatt
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.cases import inbox, search
from civicgrid.cases.choices import OPEN_STATUSES, Channel, RequestType, Status, Tier
from civicgrid.cases.models import Case
from civicgrid.catalog.choices import Kind, Measure
from civicgrid.catalog.models import Category
from civicgrid.lib import keyset
from civicgrid.lib.cached import Versioned
from civicgrid.lib.keyset import Part
from civicgrid.people import actions
from civicgrid.people.models import Department
from civicgrid.people.scopes import area_scope, under
from civicgrid.volunteers.marks import supervisor_digests

# The days a filter may name: far enough either way, and clear of the calendar's ends.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)


def _reference() -> dict:
    """Choices of the class and department selects, built once per change of either table."""
    rows = Category.objects.filter(active=True).values_list("pk", "name", "parent_id", "kind")
    kinds = dict(Kind.choices)
    categories: list[tuple[str, list[tuple[int, str]]]] = []
    majors: set[int] = set()
    current = None
    for pk, name, parent_id, kind in rows:
        if parent_id is None:
            majors.add(pk)
        if kind != current:
            current = kind
            categories.append((str(kinds.get(kind, kind)), []))
        categories[-1][1].append((pk, name if parent_id is None else f"\u3000{name}"))
    departments = list(Department.objects.values_list("pk", "name"))
    return {"categories": categories, "majors": majors, "departments": departments}


reference = Versioned("case-filter-choices", _reference)
# The area select's choices per scope (the filter's text), built once per change of the areas.
area_choices = Versioned("case-filter-areas", dict)


MEMO_SIZE = 200  # rendered selects kept per set of choices (one per value chosen, language)
_static_html: dict = {}  # the selects whose choices never change while the process runs


class FastSelect(forms.Select):
    """A select joined as a string: Django renders each option through a template, about
    0.1 ms apiece, which made the class and area lists most of the list page's time.

    `memo` returns a dict that lives exactly as long as the choices (kept beside them in
    their cache): the HTML is then joined once per value chosen and language, not per page.
    """

    def __init__(self, *args, memo=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.memo = memo

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = "" if value is None else str(value)
        if self.memo is None:
            return self._join(final, chosen)
        memo = self.memo()
        key = (name, chosen, translation.get_language(), *((k, str(v)) for k, v in final.items()))
        if (html := memo.get(key)) is None:
            if len(memo) >= MEMO_SIZE:
                memo.clear()
            html = memo[key] = self._join(final, chosen)
        return html

    def _join(self, final, chosen):
        parts = [format_html("<select{}>", flatatt(final))]
        for key, label in self.choices:
            if isinstance(label, (list, tuple)):
                parts.append(format_html('<optgroup label="{}">', key))
                parts.extend(_option(k, text, chosen) for k, text in label)
                parts.append(mark_safe("</optgroup>"))
            else:
                parts.append(_option(key, label, chosen))
        parts.append(mark_safe("</select>"))
        return mark_safe("".join(parts))


def _option(key, label, chosen) -> str:
    # Plain escape and f-string: format_html costs more than the rest of the option.
    key = "" if key is None else str(key)
    selected = " selected" if key == chosen else ""
    return f'<option value="{escape(key)}"{selected}>{escape(str(label))}</option>'


class CaseFilter(forms.Form):
    inbox = forms.ChoiceField(
        label=_("待办箱"), required=False, choices=[("", _("不限")), *inbox.CHOICES]
    )
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部状态")), ("open", _("在办"))] + list(Status.choices),
    )
    category = forms.TypedChoiceField(
        label=_("分类"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=lambda: [("", _("全部分类"))] + reference.get()["categories"],
        error_messages={"invalid_choice": _("请选择有效的分类")},
    )
    area = forms.CharField(label=_("区域"), required=False, max_length=20)
    channel = forms.ChoiceField(
        label=_("渠道"), required=False, choices=[("", _("全部渠道"))] + list(Channel.choices)
    )
    request_type = forms.ChoiceField(
        label=_("诉求类型"),
        required=False,
        choices=[("", _("全部诉求类型"))] + list(RequestType.choices),
    )
    tier = forms.ChoiceField(
        label=_("处置层级"), required=False, choices=[("", _("全部层级"))] + list(Tier.choices)
    )
    measure = forms.ChoiceField(
        label=_("处置措施"),
        required=False,
        choices=[("", _("全部措施"))] + list(Measure.choices),
    )
    department = forms.TypedChoiceField(
        label=_("处置部门"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=lambda: [("", _("全部部门"))] + reference.get()["departments"],
        error_messages={"invalid_choice": _("请选择有效的部门")},
    )
    reported_from = forms.DateField(
        label=_("上报日期自"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请输入有效的日期，如 2025-07-01")},
    )
    reported_to = forms.DateField(
        label=_("至"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请输入有效的日期，如 2025-07-31")},
    )
    overdue = forms.BooleanField(label=_("只看超期"), required=False)
    supervisor = forms.BooleanField(label=_("只看监督员上报"), required=False)
    q = forms.CharField(label=_("搜索"), required=False, max_length=50)

    def __init__(self, data=None, *, user=None, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        self._areas = self._scope = None
        self.fields["area"].widget = FastSelect(choices=self._area_choices, memo=self._area_html)
        for name in ("inbox", "status", "channel", "request_type", "tier", "measure"):
            self.fields[name].widget = FastSelect(
                choices=self.fields[name].choices, memo=lambda: _static_html
            )
        for name in ("category", "department"):
            self.fields[name].widget = FastSelect(
                choices=self.fields[name].choices,
                memo=lambda: reference.get().setdefault("html", {}),
            )
        self.fields["q"].widget.attrs["placeholder"] = _("查询码、描述或地址")
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", field.label)

    def _area_choices(self):
        """Streets and communities within the user's scope, for the select (grids by API)."""
        if self._areas is None:
            self._areas = self._load_areas()
        return self._areas

    def _scope_key(self) -> str:
        if self._scope is None:
            self._scope = area_scope(self.user, actions.CASE_VIEW)
        return str(self._scope)

    def _area_html(self) -> dict:
        return area_choices.get().setdefault(("html", self._scope_key()), {})

    def _load_areas(self):
        built = area_choices.get()
        if (found := built.get(self._scope_key())) is not None:
            return found
        qs = Area.objects.filter(self._scope, level__in=(Level.STREET, Level.COMMUNITY))
        rows = qs.order_by("path").values_list("code", "name", "level")
        found = [("", _("全部区域"))] + [
            (code, name if level == Level.STREET else f"\u3000{name}") for code, name, level in rows
        ]
        built[self._scope_key()] = found
        return found

    def clean_area(self):
        code = self.cleaned_data["area"].strip()
        if not code:
            return None
        area = Area.objects.filter(code=code).only("pk", "path").first()
        if area is None:
            raise forms.ValidationError(_("找不到区划代码为 %(code)s 的区域") % {"code": code})
        return area

    def clean(self):
        data = super().clean()
        for name in ("reported_from", "reported_to"):
            # 9999-12-31 plus the day that ends it is past the calendar: a 500, not a filter.
            if (day := data.get(name)) and not FIRST_DAY <= day <= LAST_DAY:
                self.add_error(name, _("日期超出范围（2000—2099 年）"))
        start, end = data.get("reported_from"), data.get("reported_to")
        if start and end and start > end:
            self.add_error("reported_to", _("结束日期不能早于开始日期"))
        return data

    def apply(self, qs):
        """Narrow a case queryset by the filter; nothing at all when the input is invalid."""
        if not self.is_valid():
            return qs.none()
        data = self.cleaned_data
        now = timezone.now()
        if data["inbox"]:
            qs = inbox.filter_inbox(qs, data["inbox"], self.user, now)
        if data["status"] == "open":
            qs = qs.open()
        elif data["status"]:
            qs = qs.filter(status=data["status"])
        if (category := data["category"]) is not None:
            if category in reference.get()["majors"]:
                qs = qs.filter(Q(category_id=category) | Q(category__parent_id=category))
            else:
                qs = qs.filter(category_id=category)
        if data["area"]:
            qs = qs.filter(under("area_path", data["area"].path))
        if data["channel"]:
            qs = qs.filter(channel=data["channel"])
        if data["request_type"]:
            qs = qs.filter(request_type=data["request_type"])
        if data["tier"]:
            qs = qs.filter(tier=data["tier"])
        if data["measure"]:
            qs = qs.filter(measure=data["measure"])
        if data["department"] is not None:
            qs = qs.filter(department_id=data["department"])
        if data["reported_from"]:
            qs = qs.filter(reported_at__gte=_day_start(data["reported_from"]))
        if data["reported_to"]:
            qs = qs.filter(reported_at__lt=_day_start(data["reported_to"] + timedelta(days=1)))
        if data["overdue"]:
            qs = qs.open().filter(due_at__lte=now)
        if data["q"]:
            qs = search.matching(qs, data["q"])
        if data["supervisor"]:
            qs = qs.filter(reporter_phone_digest__in=supervisor_digests())
        return qs

    def results(self):
        """The filtered cases the user may see, most urgent first, ready for a list."""
        qs = self.apply(Case.objects.visible_to(self.user))
        return qs.select_related("category", "grid", "department").by_deadline()

    def error_text(self) -> str:
        """All errors as one Chinese line, for messages and API answers."""
        parts = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            text = "；".join(str(e) for e in errors)
            parts.append(f"{label}：{text}" if label else text)
        return "；".join(parts)


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# The list order (BY_DEADLINE) in two parts, each with an index on both databases: cases with a
# deadline, most urgent first (case_open_deadline, case_inbox_due), then those without one,
# newest first (case_status_newest). The pk breaks ties, so a cursor names one row.
class Unestimated(Func):
    """The column as an expression PostgreSQL has no statistics for: it then takes
    `due_at IS NOT NULL` as true of almost every row it reads, instead of multiplying the
    share of open cases by the share with a deadline (2 % of 2 %, for the same 2 %) and
    choosing a plan for 40 rows that reads thousands."""

    template = "%(expressions)s"

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="(%(expressions)s + interval '0 s')", **extra
        )


DEADLINE = Part(
    Q(IsNull(Unestimated(F("due_at"), output_field=DateTimeField()), False)),
    (("due_at", False), ("reported_at", True), ("pk", False)),
)
UNDATED = Part(Q(due_at__isnull=True), (("reported_at", True), ("pk", False)))
DATED = Part(Q(), DEADLINE.columns)


class Unindexed(Func):
    """A column SQLite must not look up in an index (unary `+`): the same value elsewhere."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra)


# Any status: the deadline indexes would seek `due_at IS NULL` (SQLite counts it as rare, but
# it is almost every row) and sort them all; newest first over reported_at needs no sort.
UNDATED_ANY = Part(
    Q(IsNull(Unindexed(F("due_at"), output_field=DateTimeField()), True)), UNDATED.columns
)
# Cases in these statuses carry no deadline: the clock stops at verifying, closing,
# rejecting and merging (workflow._finish_clock).
UNDATED_STATUSES = frozenset(Status) - OPEN_STATUSES | {Status.VERIFIED}


# Open cases carry a deadline in every status but verified (a stage clock from the report on),
# so these inboxes never hold a case without one; 待结案 holds only verified cases.
DATED_STATUSES = OPEN_STATUSES - UNDATED_STATUSES
DATED_INBOXES = frozenset(inbox.BY_KEY) - {"to_close", "open", "mine"}
UNDATED_INBOXES = frozenset({"to_close"})


def parts_for(filters: "CaseFilter") -> list[Part]:
    """The ordering's parts the filter can select: only those that can hold a row, so a page
    is one query, and no `due_at IS NULL` seek over the deadline indexes."""
    data = filters.cleaned_data if filters.is_valid() else {}
    status, box = data.get("status", ""), data.get("inbox", "")
    if status in UNDATED_STATUSES or box in UNDATED_INBOXES:
        return [UNDATED]
    if status in DATED_STATUSES or box in DATED_INBOXES or data.get("overdue"):
        # Every row has a deadline: without `due_at IS NOT NULL` the query is the inbox
        # query PostgreSQL plans well (its estimate for the extra term was 1 row).
        return [DATED]
    # A status or an inbox (open cases only) leaves few undated rows: seek them by status.
    # Walking every case newest first to find a grid's few verified ones read the table.
    return [DEADLINE, UNDATED if status or box else UNDATED_ANY]


def page_of(
    filters: "CaseFilter", *, cursor: str = "", number=None, size: int = 30, fields=()
) -> keyset.Page:
    """One page of the filter's results: after (or before) the cursor, else page `number`.

    No COUNT over the whole list (capped at keyset.COUNT_CAP) and no OFFSET but for old
    `?page=N` links; a cursor that was not made here raises keyset.CursorError. `fields`
    loads only these columns (they must include the ordering's).
    """
    qs = filters.results().order_by()
    if fields:
        qs = qs.only(*fields)
    return keyset.paginate(qs, parts_for(filters), size=size, cursor=cursor, page=number)


def ordered_parts(filters: "CaseFilter") -> list:
    """The filter's results in list order as one queryset per part, for the export."""
    qs = filters.results().order_by()
    return [qs.filter(p.where).order_by(*p.order()) for p in parts_for(filters)]
