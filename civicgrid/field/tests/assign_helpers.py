"""Shared helpers for task and campaign tests."""

from datetime import timedelta

from django.utils import timezone

from civicgrid.field import assignments


def send(people, *, actor=None, assignees=None, days=3, **kwargs):
    """A task from the station head to the grid worker of the first community."""
    fields = {
        "title": "检查西津路沿街店铺门前三包",
        "details": "逐户检查沿街店铺门前三包落实情况，拍照反馈。",
        "deadline": timezone.now() + timedelta(days=days),
        **kwargs,
    }
    return assignments.assign(
        actor=actor or people.station_head,
        assignees=[people.grid_worker] if assignees is None else assignees,
        **fields,
    )


def target_of(task, user):
    return task.targets.get(assignee=user)
