"""Texts to the owner on list moves: queued with the entry, sent once, masked in logs."""

import logging

import pytest

from civicgrid.notify.adapters import DeliveryError
from civicgrid.notify.choices import MessageStatus
from civicgrid.shops import ledger, notices, services
from civicgrid.shops.models import ShopMessage
from civicgrid.shops.tests.helpers import new_shop, rule

pytestmark = pytest.mark.django_db


def test_it_sends_a_queued_text_once_with_the_number_masked_in_the_log(city, people, caplog):
    shop = new_shop(city)
    ledger.record(shop=shop, rule=rule("best"), actor=people.station_head)
    with caplog.at_level(logging.INFO):
        assert notices.send_queued() == 1
        assert notices.send_queued() == 0
    message = ShopMessage.objects.get()
    assert message.status == MessageStatus.SENT and message.sent_at
    assert "139****5678" in caplog.text and "13912345678" not in caplog.text


def test_it_keeps_a_text_queued_after_a_temporary_failure(city, people, settings):
    settings.CIVICGRID_SMS_BACKEND = "civicgrid.shops.tests.test_notices.Failing"
    shop = new_shop(city)
    ledger.record(shop=shop, rule=rule("best"), actor=people.station_head)
    assert notices.send_queued() == 0
    message = ShopMessage.objects.get()
    assert (message.status, message.attempts, message.error) == ("queued", 1, "网关超时")


def test_it_queues_nothing_for_a_shop_without_a_phone(city, people):
    shop = new_shop(city, owner_phone="")
    ledger.record(shop=shop, rule=rule("best"), actor=people.station_head)
    assert not ShopMessage.objects.exists()


class Failing:
    def send(self, *, to, body):
        raise DeliveryError("网关超时")


def test_it_sends_a_notice_to_correct_after_a_failed_inspection(city, people):
    shop = new_shop(city)
    services.inspect(
        shop=shop,
        actor=people.grid_worker,
        failed=[rule("clutter"), rule("posting")],
        score=3,
        note="门前堆放纸箱",
    )
    body = ShopMessage.objects.get(shop=shop).body
    assert "乱堆乱放、乱张贴、乱悬挂" in body and "扣 8 分" in body and "92 分" in body
    services.inspect(shop=shop, actor=people.grid_worker, failed=[], score=5)
    assert ShopMessage.objects.filter(shop=shop).count() == 1  # a clean check texts nobody
