"""Shared helpers for community tests."""

import re
import shutil
from datetime import timedelta

import pytest

from civicgrid.cases import sla
from civicgrid.cases import workflow as wf
from civicgrid.cases.tests.helpers import new_case
from civicgrid.demo.photos import photo

needs_chromium = pytest.mark.skipif(
    shutil.which("chromium") is None, reason="未安装 chromium：无法测试 PDF 生成"
)


def pdf_pages(data: bytes) -> int:
    """Page objects in a PDF written by Chromium (Skia writes them uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


def closed_case(city, people, *, late=False, rating=None, **kwargs):
    """A resident's case walked to closed through the workflow, optionally late and rated."""
    case = new_case(city, **kwargs)
    if late:
        # The deadline sweep runs after the accept deadline has passed: overdue once.
        assert sla.sweep(now=case.due_at + timedelta(minutes=1))["overdue"] == 1
    wf.accept(case=case, actor=people.dispatcher)
    wf.dispatch(case=case, actor=people.dispatcher)
    wf.start(case=case, actor=people.handler)
    wf.finish(case=case, actor=people.handler, note="已清理干净", photos=[photo("after", seed=2)])
    wf.verify(case=case, actor=people.grid_worker)
    wf.close(case=case, actor=people.dispatcher)
    if rating:
        case.refresh_from_db()
        wf.rate(case=case, actor=None, score=rating)
    case.refresh_from_db()
    return case


def life_event(community, *, capacity=0, days=5, **kwargs):
    """A published event in `days` days, taking sign-ups until it starts."""
    from django.utils import timezone

    from civicgrid.community.models import Event

    starts = timezone.now() + timedelta(days=days)
    return Event.objects.create(
        community=community, title="普法宣传进社区", starts_at=starts, capacity=capacity, **kwargs
    )


def life_objects(city) -> dict:
    """For the URL matrix: a notice, an event with one sign-up and a story in communities 0
    and 3 (labels no0, e0, su0, ls0 and no3, e3, su3, ls3)."""
    from civicgrid.community import signups
    from civicgrid.community.models import LawStory, Notice

    found: dict[str, int | str] = {}
    for i in (0, 3):
        community = city.communities[i]
        found[f"no{i}"] = Notice.objects.create(
            community=community, title="矩阵公告", body="检查"
        ).pk
        event = life_event(community, capacity=1)
        found[f"e{i}"] = event.pk
        found[f"su{i}"] = signups.sign_up(
            event=event, name="王五", phone=f"1390000000{i}"
        ).signup.code
        found[f"ls{i}"] = LawStory.objects.create(
            community=community, title="矩阵普法", basis="条例", story="经过"
        ).pk
    return found
