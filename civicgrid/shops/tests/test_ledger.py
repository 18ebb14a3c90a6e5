"""Points by rule: the ledger, the balance, and moves onto and off the red and black lists."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from civicgrid.cases.errors import InvalidInput, NotAllowed
from civicgrid.shops import ledger
from civicgrid.shops.choices import Standing
from civicgrid.shops.models import ListChange, PointEntry, PointScheme, ShopMessage
from civicgrid.shops.tests.helpers import new_shop, rule

pytestmark = pytest.mark.django_db


def test_it_moves_a_shop_onto_the_red_list_by_points_and_tells_the_owner(city, people):
    shop = new_shop(city)
    ledger.record(shop=shop, rule=rule("best"), actor=people.station_head)  # 100 + 20
    shop.refresh_from_db()
    assert (shop.points, shop.standing) == (120, Standing.RED)
    change = ListChange.objects.get(shop=shop)
    assert (change.before, change.after, change.balance) == ("", Standing.RED, 120)
    message = ShopMessage.objects.get(shop=shop)
    assert message.to == "13912345678"
    assert "红榜" in message.body and "120" in message.body


def test_it_moves_a_shop_onto_the_black_list_by_deductions(city, people):
    shop = new_shop(city)
    for code in ("outside", "outside"):  # 100 - 10 - 10
        ledger.record(shop=shop, rule=rule(code), actor=people.grid_worker)
    shop.refresh_from_db()
    assert (shop.points, shop.standing) == (80, Standing.BLACK)
    assert list(shop.entries.order_by("pk").values_list("balance", flat=True)) == [90, 80]
    assert ListChange.objects.filter(shop=shop, after=Standing.BLACK).count() == 1
    assert "黑榜" in ShopMessage.objects.get(shop=shop).body


def test_it_takes_a_shop_off_the_black_list_when_points_recover(city, people):
    shop = new_shop(city)
    ledger.record(shop=shop, rule=rule("refused"), actor=people.station_head)  # 80
    ledger.record(shop=shop, rule=rule("pass"), actor=people.grid_worker)  # 82
    shop.refresh_from_db()
    assert shop.standing == Standing.NONE
    moves = list(ListChange.objects.filter(shop=shop).order_by("pk").values_list("before", "after"))
    assert moves == [("", Standing.BLACK), (Standing.BLACK, "")]
    assert "移出黑榜" in ShopMessage.objects.filter(shop=shop).order_by("pk").last().body


def test_it_writes_no_list_change_while_the_shop_stays_where_it_is(city, people):
    shop = new_shop(city)
    ledger.record(shop=shop, rule=rule("pass"), actor=people.grid_worker)
    assert not ListChange.objects.filter(shop=shop).exists()
    assert not ShopMessage.objects.filter(shop=shop).exists()


def test_it_follows_thresholds_edited_in_admin(city, people):
    scheme = PointScheme.current()
    scheme.red_at = 104
    scheme.save()
    shop = new_shop(city)
    ledger.record(shop=shop, rule=rule("pass"), actor=people.grid_worker)
    assert shop.standing == Standing.NONE
    ledger.record(shop=shop, rule=rule("pass"), actor=people.grid_worker)
    assert shop.standing == Standing.RED


def test_it_applies_an_edited_rule_from_the_next_entry_on(city, people):
    outside = rule("outside")
    outside.delta = -30
    outside.save()
    shop = new_shop(city)
    entry = ledger.record(shop=shop, rule=outside, actor=people.grid_worker)
    assert (entry.delta, entry.balance, shop.standing) == (-30, 70, Standing.BLACK)


def test_it_starts_each_year_again_from_the_base(city, people):
    shop = new_shop(city)
    last_year = timezone.now() - timedelta(days=400)
    ledger.record(shop=shop, rule=rule("refused"), actor=people.station_head, at=last_year)
    assert ledger.balance_of(shop, last_year.year) == 80
    entry = ledger.record(shop=shop, rule=rule("pass"), actor=people.grid_worker)
    assert entry.balance == 102 and entry.year == timezone.localdate().year
    assert ledger.points_now(shop) == ledger.balance_of(shop, entry.year) == 102


def test_it_texts_nobody_about_history_recorded_after_the_fact(city, people):
    shop = new_shop(city)
    at = timezone.now() - timedelta(days=3)
    ledger.record(shop=shop, rule=rule("best"), actor=people.station_head, at=at)
    assert ListChange.objects.filter(shop=shop).exists()
    assert not ShopMessage.objects.exists()


def test_it_keeps_the_ledger_append_only(city, people):
    shop = new_shop(city)
    entry = ledger.record(shop=shop, rule=rule("pass"), actor=people.grid_worker)
    with pytest.raises(IntegrityError):
        PointEntry.objects.filter(pk=entry.pk).update(delta=50)


def test_it_awards_by_hand_only_with_a_reason_and_an_award_rule(city, people):
    shop = new_shop(city)
    with pytest.raises(InvalidInput, match="理由"):
        ledger.award(shop=shop, rule=rule("best"), actor=people.station_head, note=" ")
    with pytest.raises(InvalidInput, match="评选与奖惩"):
        ledger.award(shop=shop, rule=rule("outside"), actor=people.station_head, note="x")
    with pytest.raises(NotAllowed):
        ledger.award(shop=shop, rule=rule("best"), actor=people.grid_worker, note="x")
    entry = ledger.award(shop=shop, rule=rule("best"), actor=people.station_head, note="评选")
    assert (entry.actor, entry.note, entry.label) == (people.station_head, "评选", "最美商户")


def test_it_seals_every_column_of_the_ledger_and_its_list_changes():
    for model in (PointEntry, ListChange):
        columns = {f.attname for f in model._meta.concrete_fields} - {"id", "seq", "digest"}
        assert set(model.chain_fields) == columns, model


def test_it_keeps_list_changes_append_only(city, people):
    shop = new_shop(city)
    ledger.record(shop=shop, rule=rule("best"), actor=people.station_head)
    with pytest.raises(IntegrityError):
        ListChange.objects.filter(shop=shop).delete()


def test_it_opens_a_new_year_at_the_base_and_off_the_lists(city, people):
    shop = new_shop(city)
    assert (shop.points, shop.standing) == (100, Standing.NONE)
    last_year = timezone.now() - timedelta(days=400)
    ledger.record(shop=shop, rule=rule("refused"), actor=people.station_head, at=last_year)
    assert shop.standing == Standing.BLACK
    assert ledger.start_year() == 1 and ledger.start_year() == 0
    shop.refresh_from_db()
    assert (shop.points, shop.standing) == (100, Standing.NONE)
    opening = shop.entries.get(rule_code="year_start")
    assert (opening.delta, opening.balance, opening.label) == (0, 100, "年度基础分")
    assert ListChange.objects.filter(shop=shop, after="").exists()
