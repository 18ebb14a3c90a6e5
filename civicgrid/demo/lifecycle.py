"""One case's past built in memory: the rows `services.report`, the workflow and the deadline
sweep would have written, ready for bulk insert.

Walking thousands of past cases through `transition()` costs a permission check and two writes
per step. The demo's history needs none of the checks, only their results, so each action
below applies the workflow's own change function (`workflow.change_<action>`) to a case in
memory; targets and visibility come from its table, deadlines from `sla.start_stage`, labels
from `events.actor_label`, and the sweep runs every minute in between, as `manage.py serve`
does. `demo/tests/test_lifecycle.py` walks the same steps through the real workflow and
compares every field, so the few lines kept here (the event row, the sweep's timing) cannot
drift from the core unnoticed.
"""

from datetime import UTC, datetime, timedelta
from functools import partial

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max

from civicgrid.areas import geo, lookup
from civicgrid.audit import chain
from civicgrid.cases import events, search
from civicgrid.cases import workflow as wf
from civicgrid.cases.choices import Clock, PhotoKind, Status
from civicgrid.cases.models import Attachment, Case, CaseEvent, WhistleSummons
from civicgrid.cases.sla import start_stage
from civicgrid.catalog.choices import Stage

SWEEP_AFTER = timedelta(minutes=1, seconds=3)  # the sweep runs early in every minute


class Life:
    """A case and its events, moved action by action with the sweep running in between.

    Events, photos and summons are plain dicts of column values (model instances cost more
    to make than the rows cost to insert); `save_all` inserts them.
    """

    def __init__(self, case: Case):
        self.case = case
        self.events: list[dict] = []
        self.attachments: list[dict] = []
        self.summons: list[dict] = []

    @classmethod
    def report(cls, *, at, actor, photos=(), **fields) -> "Life":
        """A case as `services.report` opens it, with its report event."""
        found = lookup.locate(fields["lng"], fields["lat"])
        assert found is not None, "demo points are drawn inside their grid"
        grid_id, area_path = found
        case = Case(
            status=Status.REPORTED,
            reported_at=at,
            grid_id=grid_id,
            area_path=area_path,
            coord_source=geo.WGS84,
            **fields,
        )
        start_stage(case, Stage.ACCEPT, at)
        life = cls(case)
        event = life._event("report", actor, _label(actor), at, "", case.description, True)
        event["data"] = {"channel": case.channel}
        life._photos(event, PhotoKind.BEFORE, photos, at)
        return life

    # --- the sweep ---------------------------------------------------------------------------

    def sweep_until(self, moment: datetime) -> None:
        """The clock marks the minute sweep would have written before `moment`."""
        c = self.case
        if not c.is_open or c.due_at is None:
            return
        if c.clock == Clock.ON_TIME and c.warn_at is not None and c.warn_at < c.due_at:
            seen = swept(c.warn_at)
            if seen < c.due_at and seen <= moment:
                c.clock = Clock.WARNED
                self._mark(Clock.WARNED, seen)
        if c.clock != Clock.OVERDUE:
            seen = swept(c.due_at)
            if seen <= moment:
                c.clock = Clock.OVERDUE
                c.overdue_count += 1
                self._mark(Clock.OVERDUE, seen)

    def _mark(self, clock, at):
        event = self._event(clock, None, _label(events.SYSTEM), at, self.case.status, "", False)
        event["data"] = {"due": self.case.due_at.astimezone(UTC).isoformat()}

    # --- the actions: the workflow's own change functions -----------------------------------

    def act(self, action, *, actor, at, note="", data=None, photos=(), apply=None):
        """One row of the workflow's table: apply, move the status, bump the version, log."""
        self.sweep_until(at)
        from_status = self.case.status
        wf.advance(self.case, action, at, apply)
        public = wf.RULES[action].public
        event = self._event(action, actor, _label(actor), at, from_status, note, public)
        event["data"] = data or {}
        self._photos(event, PhotoKind.AFTER, photos, at)
        return event

    def accept(self, *, actor, at):
        return self.act("accept", actor=actor, at=at, apply=wf.change_accept)

    def reject(self, *, actor, reason, at):
        return self.act("reject", actor=actor, at=at, note=reason, apply=wf.change_reject)

    def answer(self, *, actor, reply, at):
        return self.act("answer", actor=actor, at=at, note=reply, apply=wf.change_answer)

    def forward_praise(self, *, actor, department, note, at):
        apply = partial(wf.change_forward_praise, department=department)
        data = {"department": department.pk}
        return self.act("forward_praise", actor=actor, at=at, note=note, apply=apply, data=data)

    def self_handle(self, *, actor, note, photos, at):
        apply = partial(wf.change_self_handle, actor=actor)
        return self.act("self_handle", actor=actor, at=at, note=note, photos=photos, apply=apply)

    def dispatch(self, *, actor, at):
        data = {"department": None}  # by the responsibility matrix
        return self.act("dispatch", actor=actor, at=at, apply=wf.change_dispatch, data=data)

    def start(self, *, actor, at):
        return self.act("start", actor=actor, at=at, apply=partial(wf.change_start, actor=actor))

    def finish(self, *, actor, note, photos, at):
        apply = wf.change_finish
        return self.act("finish", actor=actor, at=at, note=note, photos=photos, apply=apply)

    def verify(self, *, actor, at, note="", lng=None, lat=None):
        data = wf.on_site(self.case, lng, lat)
        return self.act("verify", actor=actor, at=at, note=note, apply=wf.change_verify, data=data)

    def rework(self, *, actor, reason, at, lng=None, lat=None):
        data = wf.on_site(self.case, lng, lat)
        apply = wf.change_rework
        return self.act("rework", actor=actor, at=at, note=reason, apply=apply, data=data)

    def close(self, *, actor, at):
        return self.act("close", actor=actor, at=at, apply=wf.change_close)

    def rate(self, *, score, comment, at):
        apply = partial(wf.change_rate, score=score, comment=comment)
        data = {"score": score}
        return self.act("rate", actor=None, at=at, note=comment, apply=apply, data=data)

    def escalate(self, *, actor, reason, at, ancestor):
        """`ancestor(area, level)` finds the area one level up (cached by the caller)."""
        apply = partial(wf.change_escalate, ancestor=ancestor)
        return self.act("escalate", actor=actor, at=at, note=reason, apply=apply)

    def whistle(self, *, actor, departments, note, at):
        data = wf.whistle_data(departments)
        event = self.act("whistle", actor=actor, at=at, note=note, data=data)
        summoned = wf.summonses(self.case, CaseEvent(at=at, data=data), departments)
        for s in summoned:
            self.summons.append(
                {
                    "department_id": s.department_id,
                    "event": event,
                    "summoned_at": s.summoned_at,
                    "respond_due": s.respond_due,
                    "responded_at": None,
                    "responded_by_id": None,
                }
            )
        return event

    def report_in(self, *, actor, note, at):
        department_id = actor.staff.department_id

        def apply(c, now):
            # What the workflow's UPDATE of the summons does, on the rows kept in memory.
            for s in self.summons:
                if s["department_id"] == department_id and s["responded_at"] is None:
                    s["responded_at"], s["responded_by_id"] = now, actor.pk

        data = {"department": department_id}
        return self.act("report_in", actor=actor, at=at, note=note, apply=apply, data=data)

    def urge(self, *, actor, note, at):
        return self.act("urge", actor=actor, at=at, note=note, apply=wf.change_urge)

    # --- rows ----------------------------------------------------------------------------------

    def _event(self, action, actor, label, at, from_status, note, public) -> dict:
        event = {
            "action": action,
            "actor_id": actor.pk if actor else None,
            "actor_label": label,
            "at": at,
            "from_status": from_status,
            "to_status": self.case.status,
            "note": note,
            "public": public,
        }
        self.events.append(event)
        return event

    def _photos(self, event, kind, photos, at):
        for name in photos:
            self.attachments.append(
                {"event": event, "kind": kind, "image": name, "uploaded_at": at}
            )


def swept(moment: datetime) -> datetime:
    """When the minute sweep first sees a deadline that passed at `moment`."""
    return moment.replace(second=0, microsecond=0) + SWEEP_AFTER


_labels: dict = {}


def _label(actor) -> str:
    """The event writer's label, once per actor: it reads the staff profile."""
    key = getattr(actor, "pk", actor)
    if key not in _labels:
        _labels[key] = str(events.actor_label(actor))
    return _labels[key]


def save_all(lives: list[Life], *, batch: int = 2000, progress=None) -> None:
    """Insert the cases, then their events, photos and summons, a batch at a time.

    Rows get their ids here, so events can point at cases and summons at events without
    reading anything back; the sequences are moved past them at the end.
    """
    ids = {m: (m.objects.aggregate(top=Max("pk"))["top"] or 0) for m in (Case, CaseEvent)}
    for i in range(0, len(lives), batch):
        chunk = lives[i : i + batch]
        cases, events, attachments, summons = [], [], [], []
        for life in chunk:
            ids[Case] += 1
            life.case.pk = ids[Case]
            cases.append({f.attname: getattr(life.case, f.attname) for f in _CASE_FIELDS})
            for event in life.events:
                ids[CaseEvent] += 1
                event["id"], event["case_id"] = ids[CaseEvent], life.case.pk
            for row in life.attachments + life.summons:
                row["case_id"], row["event_id"] = life.case.pk, row["event"]["id"]
            events += life.events
            attachments += life.attachments
            summons += life.summons
        # Sealed on the audit chain in id order, as the event writer would have, one by one.
        chain.link_all(CaseEvent, events, connection)
        for model, rows in (
            (Case, cases),
            (CaseEvent, events),
            (Attachment, attachments),
            (WhistleSummons, summons),
        ):
            _insert(model, rows)
        search.index((life.case.pk, life.case.description, life.case.address) for life in chunk)
        if progress:
            progress(i + len(chunk), len(lives))
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Case, CaseEvent]):
            cursor.execute(sql)


_CASE_FIELDS = Case._meta.concrete_fields


def _insert(model, rows: list[dict]) -> None:
    """One INSERT run over many rows (cases/events.insert_rows)."""
    events.insert_rows(model, rows, connection)
