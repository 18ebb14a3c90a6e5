"""Texts to a shop's owner: a notice to correct after a failed inspection, and a move onto or
off the red or black list.

The message is queued in the transaction of the ledger entry that moved the shop; a task
sends it after commit through the notify SMS adapter (LogSms logs a masked number), and the
claim is a conditional UPDATE, so two workers never send one twice.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from civicgrid.notify.adapters import DeliveryError, sms
from civicgrid.notify.choices import MessageStatus
from civicgrid.shops.choices import Standing
from civicgrid.shops.models import ShopMessage

BACKDATED = timedelta(hours=1)  # history recorded after the fact (the demo) texts nobody
MAX_ATTEMPTS = 5

# (before, after) -> text; marked for makemessages, translated when queued.
TEXTS = {
    Standing.RED: N_(
        "【城管进社区】%(shop)s：您的门前三包积分为 %(points)s 分，已登上红榜，"
        "感谢您为街区环境作出的贡献。"
    ),
    Standing.BLACK: N_(
        "【城管进社区】%(shop)s：您的门前三包积分为 %(points)s 分，已列入黑榜，"
        "请落实门前三包责任，整改后积分回升即可移出。"
    ),
    (Standing.RED, Standing.NONE): N_(
        "【城管进社区】%(shop)s：您的门前三包积分为 %(points)s 分，已退出红榜，请继续保持。"
    ),
    (Standing.BLACK, Standing.NONE): N_(
        "【城管进社区】%(shop)s：您的门前三包积分为 %(points)s 分，已移出黑榜，感谢您的整改。"
    ),
}


FAILED = N_(
    "【城管进社区】%(shop)s：%(day)s门前三包检查发现：%(items)s，扣 %(lost)s 分，"
    "当前积分 %(points)s 分，请及时整改。"
)


def queue_failed_inspection(*, shop, inspection) -> ShopMessage | None:
    """The notice to correct 整改通知 after an inspection with failed items."""
    entries = list(inspection.entries.order_by("pk"))
    if not inspection.failed or not entries:
        return None
    body = _(FAILED) % {
        "shop": shop.name,
        "day": timezone.localtime(inspection.at).strftime("%m-%d"),
        "items": "、".join(e.label for e in entries),
        "lost": -sum(e.delta for e in entries),
        "points": entries[-1].balance,
    }
    return _queue(shop=shop, body=body, at=inspection.at)


def text(*, shop, before: str, after: str, points: int) -> str:
    template = TEXTS.get(after) or TEXTS[(before, after)]
    return _(template) % {"shop": shop.name, "points": points}


def queue_list_move(*, shop, before: str, after: str, points: int, at) -> ShopMessage | None:
    """Queue the text of a list move; None when the shop has no phone or the move is history."""
    return _queue(shop=shop, body=text(shop=shop, before=before, after=after, points=points), at=at)


def _queue(*, shop, body: str, at) -> ShopMessage | None:
    if not shop.owner_phone or at < timezone.now() - BACKDATED:
        return None
    message = ShopMessage.objects.create(shop=shop, to=shop.owner_phone, body=body[:500])
    transaction.on_commit(_kick)
    return message


def _kick():
    from civicgrid.shops.tasks import send_shop_messages

    send_shop_messages.enqueue()


def send_queued(limit: int = 100) -> int:
    """Send queued texts; a temporary failure stays queued for the next run."""
    adapter, sent = sms(), 0
    for message in ShopMessage.objects.filter(status=MessageStatus.QUEUED).order_by("pk")[:limit]:
        mine = ShopMessage.objects.filter(
            pk=message.pk, status=MessageStatus.QUEUED, attempts=message.attempts
        ).update(attempts=message.attempts + 1)
        if not mine:
            continue  # another worker took it
        done = {"status": MessageStatus.SENT, "sent_at": timezone.now(), "error": ""}
        try:
            adapter.send(to=message.to, body=message.body)
        except DeliveryError as exc:
            last = exc.permanent or message.attempts + 1 >= MAX_ATTEMPTS
            done = {"status": MessageStatus.FAILED if last else message.status, "error": str(exc)}
        ShopMessage.objects.filter(pk=message.pk).update(**done)
        sent += done["status"] == MessageStatus.SENT
    return sent
