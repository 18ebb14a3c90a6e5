"""Telling people about tasks: new task, feedback, acceptance or return, due soon, overdue.

Every log row is written with an AssignmentNotice (the tasks' outbox) in its transaction; the
worker claims pending notices with a conditional UPDATE, so several workers may run at once,
and turns each into in-app notifications (the bell). `remind()` writes the due-soon and
overdue entries once per assignee, through the same log.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from civicgrid.field.assignments import display_name, write_log
from civicgrid.field.choices import OPEN_TARGET
from civicgrid.field.models import AssignmentLog, AssignmentNotice, AssignmentTarget
from civicgrid.notify.models import Notification
from civicgrid.notify.outbox import claim_rows

DUE_SOON = timedelta(hours=24)
BACKDATED = timedelta(hours=1)  # history recorded after the fact (the demo) tells nobody

# Marked for makemessages, translated when a notice is written (in the worker's language).
TEXTS = {
    "send": N_("新任务：%(title)s（时限 %(due)s）"),
    "progress": N_("任务有新进展：%(title)s"),
    "finish": N_("任务已反馈完成，待您验收：%(title)s"),
    "approve": N_("任务已验收通过：%(title)s"),
    "return": N_("任务被退回重办：%(title)s"),
    "due_soon": N_("任务即将到期：%(title)s（时限 %(due)s）"),
    "overdue": N_("任务已超期：%(title)s（承办人：%(who)s）"),
}


def recipients(entry: AssignmentLog) -> list[int]:
    """Who hears of this entry: assignees of a new task, the sender of feedback, and so on."""
    task = entry.assignment
    if entry.action == "send":
        return list(task.targets.values_list("assignee_id", flat=True))
    if entry.action in ("progress", "finish"):
        return [task.sender_id]
    if entry.action in ("approve", "return", "due_soon"):
        return [entry.target.assignee_id] if entry.target else []
    if entry.action == "overdue" and entry.target:
        return [entry.target.assignee_id, task.sender_id]
    return []


def text(entry: AssignmentLog) -> str:
    due = timezone.localtime(entry.assignment.deadline).strftime("%m-%d %H:%M")
    template = TEXTS.get(entry.action)
    if not template:
        return ""
    who = display_name(entry.target.assignee) if entry.target else ""
    return (_(template) % {"title": entry.assignment.title, "due": due, "who": who})[:300]


def claim(limit: int = 200) -> list[AssignmentNotice]:
    taken = claim_rows(AssignmentNotice.objects.all(), limit)
    return list(taken.select_related("log__assignment", "log__target__assignee__staff"))


def deliver(limit: int = 200) -> int:
    """Turn pending notices into notifications; how many notices were done."""
    done = 0
    for notice in claim(limit):
        entry = notice.log
        with transaction.atomic():
            body = text(entry)
            fresh = entry.at >= timezone.now() - BACKDATED
            if body and fresh:
                link = reverse("field:assignment-detail", args=[entry.assignment_id])
                Notification.objects.bulk_create(
                    [
                        Notification(user_id=u, link=link, text=body, created_at=entry.at)
                        for u in dict.fromkeys(recipients(entry))
                        if u and u != entry.actor_id
                    ]
                )
            AssignmentNotice.objects.filter(pk=notice.pk).update(done_at=timezone.now())
        done += 1
    return done


def remind(now: datetime | None = None) -> dict[str, int]:
    """Write a due-soon entry a day before the deadline and an overdue one after it, once each."""
    now = now or timezone.now()
    counts = {"due_soon": 0, "overdue": 0}
    open_rows = AssignmentTarget.objects.filter(status__in=OPEN_TARGET).select_related("assignment")
    steps = (
        ("overdue", "overdue_told_at", Q(assignment__deadline__lte=now)),
        (
            "due_soon",
            "due_soon_told_at",
            Q(assignment__deadline__gt=now, assignment__deadline__lte=now + DUE_SOON),
        ),
    )
    for action, flag, when in steps:
        for row in open_rows.filter(when, **{f"{flag}__isnull": True})[:500]:
            with transaction.atomic():
                # Conditional UPDATE: two workers never write the same reminder twice.
                claimed = AssignmentTarget.objects.filter(
                    pk=row.pk, **{f"{flag}__isnull": True}
                ).update(**{flag: now})
                if claimed:
                    write_log(row.assignment, row, action, None, at=now, before=row.status)
                    counts[action] += 1
    return counts


def sweep(now: datetime | None = None) -> dict[str, int]:
    """The minute job: reminders, then delivery, then new cases for running campaigns."""
    from civicgrid.field.campaigns import link_running

    counts = remind(now)
    counts["delivered"] = deliver()
    counts["linked"] = link_running()
    return counts


__all__ = ["deliver", "remind", "sweep"]
