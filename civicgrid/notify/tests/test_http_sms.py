"""The generic HTTP SMS gateway, against a real local server."""

import json
import logging
from urllib.parse import parse_qs

import pytest

from civicgrid.cases.tests.helpers import new_case
from civicgrid.notify.adapters import DeliveryError, HttpSms
from civicgrid.notify.models import Message
from civicgrid.notify.outbox import deliver_pending

PHONE = "13812345678"
KEY = "gw-account-key-0123456789"


@pytest.fixture
def gateway(settings, receiver):
    settings.CIVICGRID_SMS_BACKEND = "civicgrid.notify.adapters.HttpSms"
    settings.CIVICGRID_SMS_URL = f"{receiver.url}/v2/sms/single_send.json"
    settings.CIVICGRID_SMS_KEY = KEY
    return receiver


def test_it_posts_a_form_with_the_number_text_and_key(gateway):
    HttpSms().send(to=PHONE, body="【城管进社区】已收到")
    [request] = gateway.requests
    assert request.path == "/v2/sms/single_send.json"
    assert request.headers["Content-Type"].startswith("application/x-www-form-urlencoded")
    form = parse_qs(request.body.decode())
    assert form == {"mobile": [PHONE], "text": ["【城管进社区】已收到"], "apikey": [KEY]}


def test_it_posts_json_with_configured_field_names(gateway, settings):
    settings.CIVICGRID_SMS_FORMAT = "json"
    settings.CIVICGRID_SMS_TO_FIELD = "phone"
    settings.CIVICGRID_SMS_TEXT_FIELD = "content"
    settings.CIVICGRID_SMS_KEY_FIELD = "token"
    HttpSms().send(to=PHONE, body="已收到")
    assert gateway.requests[0].headers["Content-Type"].startswith("application/json")
    assert gateway.json() == {"phone": PHONE, "content": "已收到", "token": KEY}


@pytest.mark.parametrize(
    "status, body, permanent, words",
    [
        (400, b"{}", True, "HTTP 400"),
        (403, b"", True, "HTTP 403"),
        (429, b"", False, "HTTP 429"),
        (500, b"", False, "HTTP 500"),
        (502, b"<html>", False, "HTTP 502"),
        (200, '{"code": 2, "msg": "手机号格式不正确"}'.encode(), True, "手机号格式不正确"),
    ],
)
def test_gateway_errors_map_to_permanent_or_temporary(gateway, status, body, permanent, words):
    gateway.script = [(status, body)]
    with pytest.raises(DeliveryError) as caught:
        HttpSms().send(to=PHONE, body="已收到")
    assert caught.value.permanent is permanent
    assert words in str(caught.value)
    assert PHONE not in str(caught.value) and KEY not in str(caught.value)


def test_a_plain_ok_page_or_code_zero_is_success(gateway):
    gateway.script = [(200, b"OK"), (200, json.dumps({"code": 0, "msg": "发送成功"}).encode())]
    HttpSms().send(to=PHONE, body="一")
    HttpSms().send(to=PHONE, body="二")
    assert len(gateway.requests) == 2


def test_a_hanging_gateway_is_a_temporary_failure(gateway):
    gateway.script = ["hang"]
    with pytest.raises(DeliveryError) as caught:
        HttpSms().send(to=PHONE, body="已收到")
    assert not caught.value.permanent and "超时" in str(caught.value)


def test_an_unset_url_is_a_permanent_failure(settings):
    settings.CIVICGRID_SMS_URL = ""
    with pytest.raises(DeliveryError) as caught:
        HttpSms().send(to=PHONE, body="已收到")
    assert caught.value.permanent


@pytest.mark.django_db
def test_the_outbox_retries_a_5xx_and_gives_up_on_a_4xx(city, gateway, caplog):
    gateway.script = [(503, b"")]
    new_case(city)
    with caplog.at_level(logging.INFO, logger="civicgrid.notify"):
        deliver_pending()
        message = Message.objects.get()
        assert (message.status, message.attempts) == ("queued", 1)
        deliver_pending()
    message.refresh_from_db()
    assert message.status == "sent"
    form = parse_qs(gateway.requests[-1].body.decode())
    assert form["mobile"] == [PHONE] and "?k=" in form["text"][0]
    # The log has the masked number, never the full one, the key or the text's owner key.
    assert "138****5678" in caplog.text
    assert PHONE not in caplog.text and KEY not in caplog.text and "?k=" not in caplog.text

    second = new_case(city, reporter_phone="13900000000")
    gateway.script = [(400, b'{"msg": "bad"}')]
    deliver_pending()
    failed = Message.objects.get(case=second)
    assert (failed.status, failed.attempts) == ("failed", 1) and "HTTP 400" in failed.error
