"""Delivery channels to the outside world. Each has one `send()` raising `DeliveryError`;
settings choose the class, and only these are ever faked in tests (notify/tests/helpers.py
`OutboxSms`; the HTTP ones are tested against a real local server)."""

import hashlib
import hmac
import json
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.utils.module_loading import import_string

from civicgrid.lib.privacy import mask_phone, strip_keys

log = logging.getLogger("civicgrid.notify")


class DeliveryError(Exception):
    """A send that failed; `permanent` ones (a bad number) are not retried. `status` is the
    HTTP status answered, when there was one."""

    def __init__(self, message: str, *, permanent: bool = False, status: int | None = None):
        super().__init__(message)
        self.permanent = permanent
        self.status = status


class LogSms:
    """The default SMS channel: writes the text to the log. Swap in a gateway in production."""

    def send(self, *, to: str, body: str) -> None:
        # Logs are read by more people than the resident's data is for: no full number, no key.
        log.info("SMS to %s: %s", mask_phone(to), strip_keys(body))


class HttpSms:
    """A generic HTTP SMS gateway: POSTs the number, the text and the account key as a form
    or JSON to SMS_URL. A JSON answer with a non-zero `code` is the gateway refusing."""

    def send(self, *, to: str, body: str) -> None:
        from civicgrid.notify import http

        fields = {
            settings.CIVICGRID_SMS_TO_FIELD: to,
            settings.CIVICGRID_SMS_TEXT_FIELD: body,
        }
        if settings.CIVICGRID_SMS_KEY:
            fields[settings.CIVICGRID_SMS_KEY_FIELD] = settings.CIVICGRID_SMS_KEY
        if settings.CIVICGRID_SMS_FORMAT == "json":
            data = json.dumps(fields, ensure_ascii=False).encode()
            content_type = "application/json; charset=utf-8"
        else:
            data = urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded; charset=utf-8"
        response = http.request(
            settings.CIVICGRID_SMS_URL,
            data=data,
            headers={"Content-Type": content_type},
            timeout=settings.CIVICGRID_NOTIFY_TIMEOUT,
        )
        answer = _json(response.body)  # a plain "OK" page: the 2xx status is the answer
        code = answer.get("code", 0)
        if str(code) not in ("0", "OK", "ok", "200"):
            message = str(answer.get("msg") or answer.get("message") or "")[:100]
            raise DeliveryError(f"短信网关拒绝（{code}）：{message}", permanent=True)
        log.info("SMS to %s sent through the gateway", mask_phone(to))


# errcodes of the WeChat API: the access token is stale / a refusal worth no retry
_STALE_TOKEN = {40001, 40014, 42001}
_REFUSED = {
    40003: "openid 无效",
    40037: "模板 ID 无效",
    43004: "用户未关注公众号",
    43019: "用户已将公众号拉黑",
    47001: "消息格式错误",
}


class WeChatTemplate:
    """WeChat official-account template messages (模板消息) to a follower's openid.

    The access token is fetched with the appid and secret and kept in the shared cache until
    shortly before it expires; a "token expired" answer fetches a new one and retries once.
    """

    def send(
        self, *, to: str, body: str, url: str = "", fields: dict[str, str] | None = None
    ) -> None:
        payload = {
            "touser": to,
            "template_id": settings.CIVICGRID_WECHAT_TEMPLATE_ID,
            "url": url,
            "data": {
                name: {"value": value} for name, value in {"first": body, **(fields or {})}.items()
            },
        }
        data = json.dumps(payload, ensure_ascii=False).encode()
        errcode, errmsg = self._post(data, self._token())
        if errcode in _STALE_TOKEN:
            errcode, errmsg = self._post(data, self._token(refresh=True))
        if errcode == 0:
            return
        if errcode in _REFUSED:
            raise DeliveryError(f"微信拒绝（{errcode}）：{_REFUSED[errcode]}", permanent=True)
        raise DeliveryError(f"微信接口错误（{errcode}）：{errmsg[:100]}")

    def _api(self, path: str, **query) -> str:
        return f"{settings.CIVICGRID_WECHAT_API.rstrip('/')}{path}?{urlencode(query)}"

    def _cache_key(self) -> str:
        return f"civicgrid:wechat:token:{settings.CIVICGRID_WECHAT_APPID}"

    def _token(self, *, refresh: bool = False) -> str:
        from civicgrid.notify import http

        cache = caches["shared"]
        token = None if refresh else cache.get(self._cache_key())
        if token:
            return token
        response = http.request(
            self._api(
                "/cgi-bin/token",
                grant_type="client_credential",
                appid=settings.CIVICGRID_WECHAT_APPID,
                secret=settings.CIVICGRID_WECHAT_SECRET,
            ),
            timeout=settings.CIVICGRID_NOTIFY_TIMEOUT,
        )
        answer = _json(response.body)
        token = answer.get("access_token")
        if not token:
            code = answer.get("errcode")
            # A wrong appid or secret, or this server's address not on the allow list.
            raise DeliveryError(
                f"微信 access_token 获取失败（{code}）", permanent=code in (40013, 40125)
            )
        expires = int(answer.get("expires_in") or 7200)
        cache.set(self._cache_key(), token, max(60, expires - 300))
        return token

    def _post(self, data: bytes, token: str) -> tuple[int, str]:
        from civicgrid.notify import http

        response = http.request(
            self._api("/cgi-bin/message/template/send", access_token=token),
            data=data,
            headers={"Content-Type": "application/json; charset=utf-8"},
            timeout=settings.CIVICGRID_NOTIFY_TIMEOUT,
        )
        answer = _json(response.body)
        return int(answer.get("errcode", -1)), str(answer.get("errmsg", ""))


class SignedWebhook:
    """A signed POST of one event's JSON to a subscriber (docs/webhooks.md): the signature
    is the HMAC-SHA256 of the raw body with the subscriber's secret."""

    def send(self, *, url: str, secret: str, body: bytes, event: str, delivery: str) -> int:
        from civicgrid.notify import http

        signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        response = http.request(
            url,
            data=body,
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": "CivicGrid-Webhook/1",
                "X-CivicGrid-Event": event,
                "X-CivicGrid-Delivery": delivery,
                "X-CivicGrid-Signature": f"sha256={signature}",
            },
            timeout=settings.CIVICGRID_NOTIFY_TIMEOUT,
        )
        return response.status


def _json(body: bytes) -> dict:
    try:
        answer = json.loads(body or b"{}")
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def sms() -> LogSms:
    return import_string(settings.CIVICGRID_SMS_BACKEND)()


def wechat() -> WeChatTemplate | None:
    """The WeChat channel, or None when it is not configured."""
    path = settings.CIVICGRID_WECHAT_BACKEND
    return import_string(path)() if path else None


def webhook() -> SignedWebhook:
    return import_string(settings.CIVICGRID_WEBHOOK_BACKEND)()
