from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.areas.choices import CoordSystem
from civicgrid.audit.models import Chained, ImmutableError  # noqa: F401 - ImmutableError re-exported
from civicgrid.cases.choices import (
    OPEN_STATUSES,
    STATUS_COLOUR,
    STATUS_PHASE,
    Channel,
    Clock,
    EscalationLevel,
    PhotoKind,
    RequestType,
    Status,
    Tier,
    clock_of,
)
from civicgrid.catalog.choices import Measure, Urgency
from civicgrid.lib.codes import tracking_code
from civicgrid.lib.crypto import digest
from civicgrid.lib.fields import DigestField, EncryptedTextField
from civicgrid.lib.lookups import among
from civicgrid.lib.media import RandomName
from civicgrid.lib.privacy import mask_phone, normalise_mobile
from civicgrid.people import actions
from civicgrid.people.scopes import scope_filter

# A whistle lets a summoned department see the case and report in; it does not hand it the
# case: only the department the case is dispatched to handles it.
SUMMONS_REACH = frozenset({actions.CASE_VIEW})


def case_scope(user, action: str = actions.CASE_VIEW) -> Q:
    """The cases on which the user holds `action`, as a filter (people/scopes.py decides)."""
    return scope_filter(user, action, department=_department_reach(action))


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = actions.CASE_VIEW) -> "CaseQuerySet":
        """Cases on which the user holds `action`; nothing for anyone else."""
        return self.filter(case_scope(user, action))

    def open(self) -> "CaseQuerySet":
        # Literal, not bound: the condition of case_open_deadline, as SQLite must see it.
        return self.filter(among("status", OPEN))

    def with_phone(self, phone: str) -> "CaseQuerySet":
        """Cases reported with this mobile number, found by its digest (the column is
        encrypted)."""
        return self.filter(reporter_phone_digest=digest(normalise_mobile(phone)))

    def by_deadline(self) -> "CaseQuerySet":
        """Most urgent deadline first; cases without one last, then the newest."""
        return self.order_by(*BY_DEADLINE)


BY_DEADLINE = (models.F("due_at").asc(nulls_last=True), "-reported_at")
_STATUS_LABELS = dict(Status.choices)
_CHANNEL_LABELS = dict(Channel.choices)
_REQUEST_TYPE_LABELS = dict(RequestType.choices)
# The open statuses in a fixed order: the SQL of `open()` and the condition of the partial
# index case_open_deadline then read alike, as SQLite needs to match them (lib/lookups.py).
OPEN = tuple(sorted(OPEN_STATUSES))


def _department_reach(action: str):
    if action not in SUMMONS_REACH:
        return "department_id"

    def handling_or_summoned(department_id: int) -> Q:
        summoned = WhistleSummons.objects.filter(case=OuterRef("pk"), department_id=department_id)
        return Q(department_id=department_id) | Q(Exists(summoned))

    return handling_or_summoned


class Case(models.Model):
    """A reported problem and its whole closed loop, from report to rating."""

    code = models.CharField(_("查询码"), max_length=16, unique=True, default=tracking_code)
    channel = models.CharField(_("来源渠道"), max_length=10, choices=Channel.choices)
    request_type = models.CharField(
        _("诉求类型"), max_length=12, choices=RequestType.choices, default=RequestType.COMPLAINT
    )
    category = models.ForeignKey(
        "catalog.Category", verbose_name=_("分类"), null=True, blank=True, on_delete=models.PROTECT
    )
    grid = models.ForeignKey(
        "areas.Area",
        verbose_name=_("网格"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    # Indexed only as the first column of case_area_status_due (a single-column index too
    # would be one more write on every insert, for no query it serves better).
    area_path = models.CharField(_("区域路径"), max_length=255)
    lng = models.FloatField(_("经度（WGS-84）"), null=True, blank=True)
    lat = models.FloatField(_("纬度（WGS-84）"), null=True, blank=True)
    coord_source = models.CharField(
        _("原始坐标系"), max_length=10, choices=CoordSystem.choices, default=CoordSystem.WGS84
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    description = models.TextField(_("问题描述"))
    # Encrypted at rest (lib/crypto.py); found by phone through the keyed digest.
    reporter_name = EncryptedTextField(_("反映人"), max_length=50, blank=True)
    reporter_phone = EncryptedTextField(_("反映人电话"), max_length=20, blank=True)
    reporter_phone_digest = DigestField(source="reporter_phone", db_index=True)
    # Set when the reporter's data was removed (erasure on request, or retention): ops/pipl.py.
    anonymised_at = models.DateTimeField(_("匿名化时间"), null=True, blank=True, editable=False)
    client_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    urgency = models.CharField(
        _("紧急程度"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    tier = models.CharField(_("处置层级"), max_length=12, choices=Tier.choices, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.REPORTED
    )
    department = models.ForeignKey(
        "people.Department",
        verbose_name=_("处置部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,  # first column of case_dept_status_due
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处置人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # partial index in Meta
    )
    violation_type = models.ForeignKey(
        "catalog.ViolationType",
        verbose_name=_("违法行为"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,  # partial index in Meta
    )
    measure = models.CharField(_("处置措施"), max_length=20, choices=Measure.choices, blank=True)

    reported_at = models.DateTimeField(_("上报时间"), default=timezone.now, db_index=True)
    accepted_at = models.DateTimeField(_("立案时间"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("派遣时间"), null=True, blank=True)
    handled_at = models.DateTimeField(_("处置完成时间"), null=True, blank=True)
    verified_at = models.DateTimeField(_("核查时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    accept_due = models.DateTimeField(_("受理时限"), null=True, blank=True)
    dispatch_due = models.DateTimeField(_("派遣时限"), null=True, blank=True)
    handle_due = models.DateTimeField(_("处置时限"), null=True, blank=True)
    verify_due = models.DateTimeField(_("核查时限"), null=True, blank=True)
    due_at = models.DateTimeField(_("当前阶段时限"), null=True, blank=True)
    warn_at = models.DateTimeField(_("预警时间"), null=True, blank=True)
    clock = models.CharField(
        _("时限状态"), max_length=10, choices=Clock.choices, default=Clock.ON_TIME
    )
    overdue_count = models.PositiveSmallIntegerField(_("超期次数"), default=0)

    rework_count = models.PositiveSmallIntegerField(_("返工次数"), default=0)
    urge_count = models.PositiveSmallIntegerField(_("督办次数"), default=0)
    escalation_level = models.PositiveSmallIntegerField(
        _("处理层级"), choices=EscalationLevel.choices, default=EscalationLevel.GRID
    )
    escalated_to = models.ForeignKey(
        "areas.Area",
        verbose_name=_("上报至"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # partial index in Meta
    )
    extension_until = models.DateTimeField(_("申请延期至"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("合并至"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
        db_index=False,  # partial index in Meta
    )
    supporter_count = models.PositiveIntegerField(_("附议人数"), default=0)
    rating = models.PositiveSmallIntegerField(_("满意度"), null=True, blank=True)
    rating_comment = models.CharField(_("评价"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)

    objects = CaseQuerySet.as_manager()
    distance_m: float  # metres from a point, set on the cases nearby_open() returns
    repeated = False  # set on the earlier case report() returns for a repeated submission

    class Meta:
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        ordering = ["-reported_at"]
        indexes = [
            models.Index(fields=["department", "status", "due_at"], name="case_dept_status_due"),
            models.Index(fields=["area_path", "status", "due_at"], name="case_area_status_due"),
            # Inboxes (cases/inbox.py): walk open cases in deadline order across statuses, and
            # filter and count every inbox from the index alone, reading only the rows shown.
            # case_inbox_counts starts with (status, due_at): it replaces case_status_due.
            models.Index(
                fields=[
                    "due_at",
                    "status",
                    "area_path",
                    "department",
                    "dispatched_at",
                    "urge_count",
                    "rework_count",
                    "extension_until",
                ],
                name="case_inbox_due",
            ),
            models.Index(
                fields=[
                    "status",
                    "due_at",
                    "area_path",
                    "department",
                    "dispatched_at",
                    "urge_count",
                    "rework_count",
                    "extension_until",
                ],
                # PostgreSQL: the row id too, so that a department grant's summons test and
                # 我的上报 (both by id) are answered from the index as well. SQLite indexes
                # carry the row id anyway; Django leaves `include` out there.
                include=["id"],
                name="case_inbox_counts",
            ),
            # Open cases in list order (BY_DEADLINE), about 2 % of all rows: a page of an inbox
            # walks it and stops after 30 rows. PostgreSQL cannot tell that an open case is the
            # one with a deadline (it guesses ~260 overdue cases for 14,000) and would sort
            # them all; over this index it needs no guess.
            # The pk ends the order, as the keyset pages need (cases/filters.py DEADLINE).
            models.Index(
                fields=["due_at", "-reported_at", "id"],
                condition=Q(status__in=OPEN),
                name="case_open_deadline",
            ),
            # Cases without a deadline (all ended ones) newest first, the list's second part
            # (cases/filters.py UNDATED): a status seeks to its newest case and a page reads
            # 30 entries; the area and department of a scope are tested on the index alone.
            models.Index(
                fields=["status", "due_at", "-reported_at", "id", "area_path", "department"],
                name="case_status_newest",
            ),
            # A community's recently solved cases (community/public.py), latest closing first.
            models.Index(fields=["status", "-closed_at", "area_path"], name="case_status_closed"),
            # Most cases never get a handler, a violation, an escalation or a merge: their
            # foreign keys are indexed only where set, so an insert writes none of these.
            # A lookup `x = value` implies `x IS NOT NULL`, so both databases use them.
            *(
                models.Index(
                    fields=[name],
                    name=f"case_{name}_set",
                    condition=models.Q(**{f"{name}__isnull": False}),
                )
                for name in ("handler", "violation_type", "escalated_to", "duplicate_of")
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="case_rating_1_5",
            )
        ]

    def __str__(self):
        return f"{self.code} {self.category or ''}"

    @property
    def scope_area_path(self) -> str:
        """Where this case sits in the area tree, for permission checks."""
        return self.area_path

    def scope_department_ids(self, action: str | None = None) -> frozenset[int]:
        """The departments a department grant for `action` reaches: the handling one, and
        for what a summons allows (SUMMONS_REACH) the departments summoned to the case."""
        departments = {self.department_id} if self.department_id else set()
        if action in SUMMONS_REACH:
            departments.update(self.summons.values_list("department_id", flat=True))
        return frozenset(departments)

    @property
    def phase(self) -> str:
        return STATUS_PHASE[self.status]

    @property
    def colour(self) -> str:
        return STATUS_COLOUR[self.status]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.reporter_phone)

    # Django's get_FOO_display() rebuilds a dict of the lazy choices on every call: a page of
    # 400 rows paid for it 400 times. One dict per field, each label translated when shown.
    def get_status_display(self) -> str:  # type: ignore[no-redef]
        return str(_STATUS_LABELS.get(self.status, self.status))

    def get_channel_display(self) -> str:  # type: ignore[no-redef]
        return str(_CHANNEL_LABELS.get(self.channel, self.channel))

    def get_request_type_display(self) -> str:  # type: ignore[no-redef]
        return str(_REQUEST_TYPE_LABELS.get(self.request_type, self.request_type))

    def clock_at(self, now=None) -> str:
        """On time, warned or overdue, derived from the stored deadlines and now."""
        return case_clock(self.status, self.due_at, self.warn_at, now or timezone.now())


def case_clock(status: str, due_at, warn_at, now) -> str:
    """A case's clock from its columns alone, for lists read without model instances."""
    return clock_of(status, due_at, warn_at, now) or Clock.ON_TIME


class CaseEvent(Chained):
    """One immutable entry of a case's history: who did what, when, with which note."""

    # PROTECT: the database refuses to delete an event, so a case with history stays.
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("动作"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # first column of event_actor_action
    )
    actor_label = models.CharField(_("操作人身份"), max_length=50, blank=True)
    at = models.DateTimeField(_("时间"), db_index=True)
    from_status = models.CharField(_("原状态"), max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12, choices=Status.choices, blank=True)
    note = models.TextField(_("说明"), blank=True)
    public = models.BooleanField(_("对市民公开"), default=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)

    chain_fields = (
        "case_id",
        "action",
        "actor_id",
        "actor_label",
        "at",
        "from_status",
        "to_status",
        "note",
        "public",
        "data",
    )

    class Meta:
        verbose_name = _("案件事件")
        verbose_name_plural = _("案件事件")
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["action", "at"], name="event_action_at"),
            # 我的上报 (cases/inbox.py) finds a user's report events: by actor alone a street
            # dispatcher's 100,000 accept and dispatch events are read to find none.
            models.Index(fields=["actor", "action", "case"], name="event_actor_action"),
        ]

    def __str__(self):
        return f"{self.case_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    @property
    def label(self) -> str:
        from civicgrid.cases.workflow import event_label

        return event_label(self.action)


class Attachment(models.Model):
    """A photo of a case, taken before or after handling."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(
        CaseEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=PhotoKind.choices)
    image = models.ImageField(_("照片"), upload_to=RandomName("cases/%Y/%m/"), db_index=True)
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("案件照片")
        verbose_name_plural = _("案件照片")
        ordering = ["uploaded_at", "pk"]


class WhistleSummons(models.Model):
    """One department summoned by a whistle (吹哨报到), with its own response clock."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="summons")
    department = models.ForeignKey("people.Department", on_delete=models.PROTECT)
    event = models.ForeignKey(CaseEvent, on_delete=models.PROTECT, related_name="+")
    summoned_at = models.DateTimeField(_("吹哨时间"))
    respond_due = models.DateTimeField(_("报到时限"))
    responded_at = models.DateTimeField(_("报到时间"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("吹哨报到")
        verbose_name_plural = _("吹哨报到")
        indexes = [
            models.Index(fields=["department", "responded_at"], name="summons_dept"),
            # The whistle board starts here: summons waiting or answered lately.
            models.Index(fields=["responded_at"], name="summons_active"),
        ]


class ContactView(Chained):
    """A record that a staff member saw a resident's full phone number."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    chain_fields = ("case_id", "user_id", "at")

    class Meta:
        verbose_name = _("联系方式查看记录")
        verbose_name_plural = _("联系方式查看记录")


class ResponseTemplate(models.Model):
    """A ready-made note for one workflow action, editable in admin (FixMyStreet's templates)."""

    action = models.CharField(_("动作"), max_length=30, db_index=True)
    title = models.CharField(_("标题"), max_length=50)
    text = models.TextField(_("内容"))
    rank = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("回复模板")
        verbose_name_plural = _("回复模板")
        ordering = ["action", "rank", "pk"]

    def __str__(self):
        return self.title


class CaseTally(models.Model):
    """Per community and day: cases reported, and closed (on time, rated) on that day.

    Kept by cases/tallies.py in the transaction of each event, so the public community page
    sums a few rows instead of reading every case of the community.
    """

    # Signed: a count taken off a row never counted (cases bulk-loaded, no rebuild since) must
    # not make the action fail; rebuild() sets every row right.
    community_path = models.CharField(_("社区路径"), max_length=255)
    day = models.DateField(_("日期"))
    reported = models.IntegerField(_("上报"), default=0)
    closed = models.IntegerField(_("结案"), default=0)
    closed_on_time = models.IntegerField(_("按时结案"), default=0)
    rated = models.IntegerField(_("已评价"), default=0)
    rating_total = models.IntegerField(_("评分合计"), default=0)

    class Meta:
        verbose_name = _("案件日统计")
        verbose_name_plural = _("案件日统计")
        constraints = [
            models.UniqueConstraint(fields=["community_path", "day"], name="tally_community_day")
        ]


class CaseSearch(models.Model):
    """A case's search tokens (cases/search.py), indexed by FTS5 on SQLite and GIN on PostgreSQL."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, primary_key=True, related_name="+")
    tokens = models.TextField()

    class Meta:
        verbose_name = _("案件检索词")
        verbose_name_plural = _("案件检索词")


from civicgrid.cases.enforcement.models import Enforcement  # noqa: E402, F401 - a model of this app
