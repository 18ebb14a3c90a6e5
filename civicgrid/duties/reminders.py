"""Reminders before a task's deadline: the lead unit's reporters are told once by the bell,
a few working days ahead (running again sends nothing new)."""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.duties import deadlines
from civicgrid.duties.models import PlanTask
from civicgrid.notify.models import Notification
from civicgrid.people import actions
from civicgrid.people.scopes import holders


def send_reminders(*, today: date | None = None) -> int:
    """One bell notice per reporter of each open task near its deadline; how many tasks."""
    today = today or timezone.localdate()
    told = 0
    open_tasks = PlanTask.objects.filter(percent__lt=100, reminded_at=None)
    for task in open_tasks.select_related("lead", "plan"):
        left = deadlines.days_left(task, today)
        if left is None or left > deadlines.SOON_WORKING_DAYS:
            continue
        text = _("任务“%(title)s”将于%(day)s到期（剩 %(n)s 个工作日），请及时填报进展。") % {
            "title": task.title,
            "day": f"{task.deadline.month}月{task.deadline.day}日",
            "n": left,
        }
        link = reverse("duties:task-detail", args=[task.pk])
        with transaction.atomic():
            if not PlanTask.objects.filter(pk=task.pk, reminded_at=None).update(
                reminded_at=timezone.now()
            ):
                continue  # another run told them
            Notification.objects.bulk_create(
                Notification(user_id=uid, link=link, text=text[:300])
                for uid in _reporters(task.lead)
            )
        told += 1
    return told


def _reporters(unit) -> list[int]:
    """Who reports for the unit: a department's own staff (not everyone whose area covers the
    district); a station's or an office's reporters over its area."""
    own = frozenset({unit.department_id}) if unit.department_id else None
    return holders(actions.DUTY_REPORT, unit, departments=own)
