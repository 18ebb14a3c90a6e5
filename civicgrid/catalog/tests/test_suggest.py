"""Suggesting a class from what a resident wrote."""

import time

import pytest

from civicgrid.catalog.models import Category
from civicgrid.catalog.suggest import matches, name_terms, suggest

pytestmark = pytest.mark.django_db


def codes(text, limit=3):
    return [c.code for c, _ in suggest(text, limit=limit)]


def test_it_suggests_the_overflowing_bin_for_a_full_bin(city):
    (best, confidence), *_ = suggest("小区门口垃圾桶满了，垃圾溢到地上")
    assert best.code == "06042" and confidence >= 0.5


@pytest.mark.parametrize(
    "text, code",
    [
        ("晚上路灯不亮，走路看不见", "01037"),
        ("有人在人行道上摆摊卖菜", "09006"),
        ("楼下烧烤摊烟很大", "06029"),
        ("小区门口有人乱扔垃圾", "06010"),
        ("消防通道被车堵住了", "09012"),
    ],
)
def test_it_puts_the_right_class_first(city, text, code):
    assert codes(text)[0] == code


def test_it_suggests_nothing_for_text_without_a_known_word(city):
    assert suggest("你好，谢谢你们") == []
    assert suggest("") == []


def test_it_gives_confidences_between_0_and_1_best_first(city):
    result = suggest("垃圾桶坏了，垃圾溢出来了，路面也脏", limit=5)
    values = [c for _, c in result]
    assert 1 < len(result) <= 5
    assert all(0 <= v <= 1 for v in values) and values == sorted(values, reverse=True)


def test_it_is_unsure_when_the_text_is_ambiguous(city):
    assert all(confidence < 0.5 for _, confidence in suggest("垃圾"))


def test_it_explains_which_words_matched(city):
    bin_full = Category.objects.get(kind="matter", code="06042")
    assert "垃圾桶满了" in matches("垃圾桶满了")[bin_full.pk]
    assert "垃圾桶" not in matches("垃圾桶满了")[bin_full.pk]  # inside the longer alias


def test_it_reads_bracketed_names_both_ways():
    assert {"垃圾站满溢", "垃圾箱满溢"} <= name_terms("垃圾站（箱）满溢")


def test_it_learns_a_new_alias_when_the_catalog_changes(city):
    lamp = Category.objects.get(kind="component", code="01037")
    assert suggest("夜里一片漆黑") == []
    lamp.aliases += "、一片漆黑"
    lamp.save()
    assert codes("夜里一片漆黑") == ["01037"]


def test_it_is_fast_enough_for_every_report(city):
    suggest("预热")
    started = time.perf_counter()
    for _ in range(200):
        suggest("小区门口垃圾桶满了，垃圾溢到地上，很多天没人清理，气味很大")
    assert (time.perf_counter() - started) / 200 < 0.005
