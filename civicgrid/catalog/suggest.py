"""Suggest a class from a resident's words: a small, explainable keyword classifier.

Each active minor class contributes terms: its name (and the name without the bracketed
part), its aliases and its keywords. A term found in the text scores its length times a
weight, so "垃圾桶满了" beats "垃圾"; a term inside a longer matched term of the same class is
not counted again. The confidence of a class is `strength * sqrt(share)`: strength grows with
its own score (score / (score + 4)), share is its part of all matched scores, so a lone clear
match is confident and an ambiguous text is not. The index is built once per catalog version.
"""

import math
import re
from dataclasses import dataclass, field

from civicgrid.catalog.models import Category
from civicgrid.lib.cached import Versioned

NAME_WEIGHT = 2.0
ALIAS_WEIGHT = 2.0
KEYWORD_WEIGHT = 1.0
STEM_WEIGHT = 1.0  # "路灯" from "路灯异常"
COMMON_BONUS = 0.5  # ties go to the classes residents report most
STRENGTH_HALF = 4.0  # the score at which strength is one half
SPLIT = re.compile(r"[、,，;；/\s]+")
BRACKET = re.compile(r"(.)（([^）]*)）")
SUFFIXES = ("异常", "问题", "损坏")


@dataclass
class Index:
    """term -> {category id: weight}, and the categories by id."""

    terms: dict[str, dict[int, float]] = field(default_factory=dict)
    categories: dict[int, Category] = field(default_factory=dict)
    # Longest first, so a longer term is seen before the shorter ones it contains.
    ordered: list[str] = field(default_factory=list)

    def add(self, term: str, pk: int, weight: float) -> None:
        term = term.strip()
        if not term:
            return
        entries = self.terms.setdefault(term, {})
        entries[pk] = max(entries.get(pk, 0.0), weight)


def name_terms(name: str) -> set[str]:
    """The name, the name without its bracket, and each bracketed alternative: 垃圾站（箱）满溢
    gives 垃圾站（箱）满溢, 垃圾站满溢 and 垃圾箱满溢."""
    found = {name, BRACKET.sub(r"\1", name)}
    for match in BRACKET.finditer(name):
        for alt in SPLIT.split(match.group(2)):
            if alt:
                found.add(BRACKET.sub(r"\1", name.replace(match.group(0), alt, 1)))
    parts: set[str] = set()
    for term in found:
        parts.update(p for p in re.split(r"[、，]", term) if len(p) >= 2)
    return found | parts


def _build() -> Index:
    index = Index()
    rows = Category.objects.filter(parent__isnull=False, active=True).select_related("parent")
    for cat in rows:
        index.categories[cat.pk] = cat
        for term in name_terms(cat.name):
            index.add(term, cat.pk, NAME_WEIGHT)
            for suffix in SUFFIXES:
                if term.endswith(suffix) and len(term) - len(suffix) >= 2:
                    index.add(term[: -len(suffix)], cat.pk, STEM_WEIGHT)
        for alias in SPLIT.split(cat.aliases):
            index.add(alias, cat.pk, ALIAS_WEIGHT)
        for keyword in SPLIT.split(cat.keywords):
            index.add(keyword, cat.pk, KEYWORD_WEIGHT)
    index.ordered = sorted(index.terms, key=len, reverse=True)
    return index


index = Versioned("catalog-suggest", _build)


def matches(text: str) -> dict[int, list[str]]:
    """Category id -> the terms found in the text that count for it (the explanation)."""
    text = (text or "").strip()
    found: dict[int, list[str]] = {}
    if not text:
        return found
    idx = index.get()
    for term in idx.ordered:
        if term not in text:
            continue
        for pk in idx.terms[term]:
            seen = found.setdefault(pk, [])
            if not any(term in longer for longer in seen):
                seen.append(term)
    return found


def scores(text: str) -> dict[int, float]:
    """Category id -> raw score: matched term lengths times their weights."""
    idx = index.get()
    result = {}
    for pk, terms in matches(text).items():
        score = sum(len(t) * idx.terms[t][pk] for t in terms)
        if idx.categories[pk].common_rank is not None:
            score += COMMON_BONUS
        result[pk] = score
    return result


def suggest(text: str, limit: int = 3) -> list[tuple[Category, float]]:
    """The likeliest classes for a free-text description, best first, with confidence 0..1."""
    raw = scores(text)
    if not raw:
        return []
    total = sum(raw.values())
    idx = index.get()
    ranked = sorted(
        raw.items(),
        key=lambda item: (-item[1], idx.categories[item[0]].common_rank or 10_000, item[0]),
    )
    result = []
    for pk, score in ranked[:limit]:
        strength = score / (score + STRENGTH_HALF)
        confidence = strength * math.sqrt(score / total)
        result.append((idx.categories[pk], round(min(1.0, confidence), 3)))
    return result
