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
