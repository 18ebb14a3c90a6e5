"""WeChat template messages, against a local stand-in for api.weixin.qq.com."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import caches

from civicgrid.cases import workflow
from civicgrid.cases.tests.helpers import new_case
from civicgrid.notify.adapters import DeliveryError, WeChatTemplate
from civicgrid.notify.models import Message, WeChatFollower
from civicgrid.notify.outbox import deliver_pending
from civicgrid.notify.services import remember_openid

OPENID = "oX3a_5Qm8uT9wZr2Yk7bP1c4De6F"


class WeChatApi:
    """Issues tokens T1, T2, ... and answers sends with the errcodes in `errcodes`."""

    def __init__(self, receiver):
        self.receiver = receiver
        self.tokens = 0
        self.errcodes: list[int] = []
        receiver.answer = self.answer

    def answer(self, path, request):
        parts = urlsplit(path)
        query = parse_qs(parts.query)
        if parts.path == "/cgi-bin/token":
            assert query["appid"] == ["wx-app"] and query["secret"] == ["wx-secret"]
            self.tokens += 1
            return 200, json.dumps({"access_token": f"T{self.tokens}", "expires_in": 7200}).encode()
        assert parts.path == "/cgi-bin/message/template/send"
        errcode = self.errcodes.pop(0) if self.errcodes else 0
        return 200, json.dumps({"errcode": errcode, "errmsg": "x"}).encode()

    def sends(self) -> list[tuple[str, dict]]:
        """(token, JSON) of each template/send request."""
        return [
            (parse_qs(urlsplit(r.path).query)["access_token"][0], json.loads(r.body))
            for r in self.receiver.requests
            if r.path.startswith("/cgi-bin/message/template/send")
        ]


@pytest.fixture
def api(settings, receiver):
    settings.CIVICGRID_WECHAT_APPID = "wx-app"
    settings.CIVICGRID_WECHAT_SECRET = "wx-secret"
    settings.CIVICGRID_WECHAT_TEMPLATE_ID = "tmpl-progress"
    settings.CIVICGRID_WECHAT_API = receiver.url
    settings.CIVICGRID_WECHAT_BACKEND = "civicgrid.notify.adapters.WeChatTemplate"
    caches["shared"].delete("civicgrid:wechat:token:wx-app")
    yield WeChatApi(receiver)
    caches["shared"].delete("civicgrid:wechat:token:wx-app")


@pytest.mark.django_db
def test_it_sends_the_template_with_a_cached_token(api):
    WeChatTemplate().send(to=OPENID, body="已收到", url="https://x/t/A/", fields={"keyword1": "A"})
    WeChatTemplate().send(to=OPENID, body="已办结")
    assert api.tokens == 1  # kept in the shared cache until it expires
    [(token, first), (_t, second)] = api.sends()
    assert token == "T1"
    assert first == {
        "touser": OPENID,
        "template_id": "tmpl-progress",
        "url": "https://x/t/A/",
        "data": {"first": {"value": "已收到"}, "keyword1": {"value": "A"}},
    }
    assert second["data"]["first"] == {"value": "已办结"}


@pytest.mark.django_db
def test_an_expired_token_is_refreshed_once_and_the_send_retried(api):
    WeChatTemplate().send(to=OPENID, body="一")  # caches T1
    api.errcodes = [40001]
    WeChatTemplate().send(to=OPENID, body="二")
    assert [token for token, _ in api.sends()] == ["T1", "T1", "T2"]
    WeChatTemplate().send(to=OPENID, body="三")
    assert api.sends()[-1][0] == "T2" and api.tokens == 2


@pytest.mark.django_db
def test_a_token_still_refused_after_refreshing_is_a_temporary_error(api):
    api.errcodes = [40001, 40001]
    with pytest.raises(DeliveryError) as caught:
        WeChatTemplate().send(to=OPENID, body="一")
    assert not caught.value.permanent and api.tokens == 2  # refreshed once, not in a loop


@pytest.mark.django_db
@pytest.mark.parametrize("errcode, permanent", [(43004, True), (40003, True), (-1, False)])
def test_errcodes_map_to_permanent_or_temporary(api, errcode, permanent):
    api.errcodes = [errcode]
    with pytest.raises(DeliveryError) as caught:
        WeChatTemplate().send(to=OPENID, body="一")
    assert caught.value.permanent is permanent and str(errcode) in str(caught.value)
    assert OPENID not in str(caught.value)


@pytest.mark.django_db
def test_a_follower_is_told_by_template_message_beside_the_text(city, people, api, fake_sms):
    case = new_case(city)
    remember_openid(case=case, openid=OPENID)
    workflow.reject(case=case, actor=people.dispatcher, reason="不属于城管受理范围")
    deliver_pending()

    sent = [data for _token, data in api.sends()]
    assert [d["data"]["keyword2"]["value"] for d in sent] == ["上报", "不予立案"]
    reject = sent[1]
    assert reject["touser"] == OPENID and reject["template_id"] == "tmpl-progress"
    assert reject["data"]["keyword1"] == {"value": case.code}
    assert "未予立案" in reject["data"]["first"]["value"]
    assert reject["url"].startswith(f"http://testserver/t/{case.code}/?k=")
    assert len(fake_sms.sent) == 2  # the SMS still goes to the mobile number
    assert set(Message.objects.values_list("channel", "status")) == {
        ("sms", "sent"),
        ("wechat", "sent"),
    }


@pytest.mark.django_db
def test_an_unsubscribed_follower_is_not_retried(city, api, fake_sms):
    case = new_case(city, reporter_phone="")
    remember_openid(case=case, openid=OPENID)
    api.errcodes = [43004]
    deliver_pending()
    deliver_pending()
    message = Message.objects.get()
    assert (message.channel, message.status, message.attempts) == ("wechat", "failed", 1)
    assert "未关注" in message.error
    assert fake_sms.sent == []  # no phone, no text


@pytest.mark.django_db
def test_no_openid_or_no_configuration_means_no_wechat_message(city, api, settings, fake_sms):
    new_case(city)
    deliver_pending()
    assert api.sends() == []
    settings.CIVICGRID_WECHAT_BACKEND = ""
    case = new_case(city)
    remember_openid(case=case, openid=OPENID)
    deliver_pending()
    assert api.sends() == [] and not Message.objects.filter(channel="wechat").exists()


@pytest.mark.django_db
def test_odd_openids_are_not_kept_and_erasure_removes_the_kept_one(city):
    from django.utils import timezone

    from civicgrid.ops.pipl import anonymise

    case = new_case(city)
    assert remember_openid(case=case, openid="") is None
    assert remember_openid(case=case, openid="<script>") is None
    remember_openid(case=case, openid=OPENID)
    assert WeChatFollower.objects.get(case=case).openid == OPENID
    anonymise([case], timezone.now())
    assert not WeChatFollower.objects.filter(case=case).exists()
