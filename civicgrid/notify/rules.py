"""Who hears of which event: one table for staff, one for residents."""

import logging

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from civicgrid.people import actions as A
from civicgrid.people.scopes import holders

log = logging.getLogger("civicgrid.notify")

# action -> (the permission whose holders over the case are told, what the bell says)
STAFF = {
    "report": (A.CASE_ACCEPT, N_("新上报案件待受理")),
    "reopen": (A.CASE_ACCEPT, N_("市民不满意，案件重新办理")),
    "send_back": (A.CASE_DISPATCH, N_("案件被退回，请重新派遣")),
    "escalate": (A.CASE_DISPATCH, N_("案件已上报上级，请协调")),
    "dispatch": (A.CASE_HANDLE, N_("新派遣案件待处置")),
    "rework": (A.CASE_HANDLE, N_("核查不通过，案件需返工")),
    "urge": (A.CASE_HANDLE, N_("案件被督办，请尽快处置")),
    "whistle": (A.CASE_VIEW, N_("吹哨报到：请在时限内响应")),  # the summoned departments only
    "finish": (A.CASE_VERIFY, N_("案件已处置，请现场核查")),
    "verify": (A.CASE_CLOSE, N_("案件核查通过，待结案")),
    "request_extension": (A.CASE_EXTENSION, N_("延期申请待审批")),
    "overdue": (A.CASE_URGE, N_("案件已超期")),
    # The praised unit's staff: case.handle reaches the department the praise was passed to.
    "forward_praise": (A.CASE_HANDLE, N_("收到市民表扬")),
}

# action -> text to the resident (SMS to a mobile number, or WeChat); the placeholders of
# notify/texts.py are filled in. Copied into MessageTemplate rows, edited in admin.
RESIDENT = {
    "report": N_("【城管进社区】您反映的问题已收到，查询码 {code}，进度可查看：{link}"),
    "reject": N_("【城管进社区】您反映的问题（{code}）未予立案，原因可查看：{link}"),
    "close": N_("【城管进社区】您反映的问题（{code}）已办结，请您评价：{link}"),
    "merge": N_("【城管进社区】您反映的问题（{code}）已与相同问题合并办理：{link}"),
    "answer": N_("【城管进社区】您反映的事项（{code}）已答复，答复内容可查看：{link}"),
    "forward_praise": N_("【城管进社区】感谢您的表扬（{code}），已转达被表扬单位：{link}"),
}


def staff_recipients(event) -> list[int]:
    """The users who hold the notified permission over this case, except the actor."""
    rule = STAFF.get(event.action)
    if rule is None:
        return []
    if event.action == "report" and event.case.status != "reported":
        # Accepted or self-handled in the same step (desk registration, 随手办), or by the time
        # the worker runs: "待受理" would send people to a case nobody needs to accept.
        return []
    summoned = event.data.get("departments") if event.action == "whistle" else None
    users = holders(rule[0], event.case, departments=summoned)
    return [pk for pk in users if pk != event.actor_id]


def staff_text(event) -> str:
    return f"{_(STAFF[event.action][1])} · {event.case.category or ''} {event.case.code}".strip()


def resident_text(event, channel: str = "sms") -> str | None:
    """The text for the reporter of the event's case on this channel, or None when they are
    not told of it: the template edited in admin, else the shipped one (notify/texts.py)."""
    shipped = RESIDENT.get(event.action)
    if shipped is None or (channel == "sms" and not event.case.reporter_phone):
        return None
    from civicgrid.notify import texts

    case = event.case
    values: dict[str, object] = {
        "code": case.code,
        "link": resident_link(case),
        "category": lambda: str(case.category or ""),
        "area": lambda: case.grid.name if case.grid_id else "",  # a query: only when used
    }
    edited = texts.template_for(event.action, channel)
    if edited is not None:
        try:
            return texts.fill(edited, values)
        except ValueError:
            log.warning(
                "message template %s/%s does not fill; sent the shipped text", event.action, channel
            )
    return texts.fill(_(shipped), values)


def resident_link(case) -> str:
    """The case's tracking page with the owner key."""
    from civicgrid.intake.residents import owner_key
    from civicgrid.lib.urls import public_url

    # The key lets the resident rate from any browser (WeChat keeps its own cookies).
    path = reverse("intake:track", args=[case.code])
    return f"{public_url()}{path}?k={owner_key(case.code)}"


def wechat_extra(event) -> dict:
    """The link and the keyword fields of a WeChat template message for this event: the
    official-account template has first / keyword1 (查询码) / keyword2 (进度) / keyword3 (时间)."""
    from django.utils import timezone

    from civicgrid.cases.workflow import event_label

    return {
        "url": resident_link(event.case),
        "fields": {
            "keyword1": event.case.code,
            "keyword2": event_label(event.action),
            "keyword3": timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M"),
        },
    }
