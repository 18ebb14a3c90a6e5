"""Opening hours as staff type them ("周一至周五 8:30-12:00，14:30-17:30"), and open-or-closed now.

A text is clauses split by "；"; a clause may start with days (周一至周五, 周六、周日, 每天) and
holds time ranges (8:30-12:00) or says 全天 / 24小时. Days without a clause are closed. A range
past midnight (22:00-2:00) runs into the next morning. A text we cannot read is "unknown", never
a guess: the page then shows the text alone.
"""

import re
from dataclasses import dataclass
from datetime import datetime

DAYS = "一二三四五六日"
_DAY = {ch: i for i, ch in enumerate(DAYS)} | {"天": 6, "七": 6}
_DAY_SPEC = re.compile(
    r"^(?:每天|每日|天天|全周)|^(?:周|星期)[一二三四五六日天七](?:[至到\-~、,]?(?:周|星期)?[一二三四五六日天七])*"
)  # noqa: E501
_RANGE = re.compile(r"(\d{1,2})[:：](\d{2})\s*[-~～—–至到]+\s*(\d{1,2})[:：](\d{2})")
_ALL_DAY = re.compile(r"全天|24\s*小时|二十四小时")
_IGNORED = re.compile(r"[\s,，、。（）()开放营业时间节假日照常]+")


@dataclass(frozen=True)
class Span:
    day: int  # Monday 0
    start: int  # minutes after midnight
    end: int  # may pass 1440: into the next day


def _days(spec: str) -> list[int]:
    if not spec or spec[0] in "每天全":
        return list(range(7))
    marks = re.findall(r"[一二三四五六日天七]|[至到\-~]", spec)
    days: list[int] = []
    i = 0
    while i < len(marks):
        if i + 2 < len(marks) and marks[i + 1] in "至到-~":
            a, b = _DAY[marks[i]], _DAY[marks[i + 2]]
            days += list(range(a, b + 1)) if a <= b else [*range(a, 7), *range(0, b + 1)]
            i += 3
        else:
            days.append(_DAY[marks[i]])
            i += 1
    return days


def parse(text: str) -> list[Span] | None:
    """The spans of a week a text describes; None when it cannot be read (or is empty)."""
    spans: list[Span] = []
    for clause in re.split(r"[；;\n]", text or ""):
        clause = clause.strip()
        if not clause:
            continue
        found = _DAY_SPEC.match(clause)
        spec = found.group(0) if found else ""
        rest = clause[len(spec) :]
        if _ALL_DAY.search(rest):
            ranges = [(0, 1440)]
            rest = _ALL_DAY.sub("", rest)
        else:
            ranges = []
            for h1, m1, h2, m2 in _RANGE.findall(rest):
                start, end = int(h1) * 60 + int(m1), int(h2) * 60 + int(m2)
                if int(h1) > 24 or int(h2) > 24 or int(m1) > 59 or int(m2) > 59 or start == end:
                    return None
                ranges.append((start, end if end > start else end + 1440))
            rest = _RANGE.sub("", rest)
        if not ranges or _IGNORED.sub("", rest):
            return None  # words we do not understand: better unknown than wrong
        spans += [Span(d, s, e) for d in _days(spec) for s, e in ranges]
    return spans or None


def is_open(text: str, at: datetime) -> bool | None:
    """Open at this local moment by the text; None when the text cannot be read."""
    spans = parse(text)
    if spans is None:
        return None
    minute, day = at.hour * 60 + at.minute, at.weekday()
    for s in spans:
        if s.day == day and s.start <= minute < s.end:
            return True
        if (s.day + 1) % 7 == day and s.end > 1440 and minute < s.end - 1440:
            return True
    return False
