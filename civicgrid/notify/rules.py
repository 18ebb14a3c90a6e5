"""Who hears of which event: one table for staff, one for residents."""

from django.urls import reverse
from django.utils.translation import gettext as _

from civicgrid.people import actions as A
from civicgrid.people.models import RoleAssignment

# action -> (the permission whose holders over the case are told, what the bell says)
STAFF = {
    "report": (A.CASE_ACCEPT, "新上报案件待受理"),
    "reopen": (A.CASE_ACCEPT, "市民不满意，案件重新办理"),
    "send_back": (A.CASE_DISPATCH, "案件被退回，请重新派遣"),
    "escalate": (A.CASE_DISPATCH, "案件已上报上级，请协调"),
    "dispatch": (A.CASE_HANDLE, "新派遣案件待处置"),
    "rework": (A.CASE_HANDLE, "核查不通过，案件需返工"),
    "urge": (A.CASE_HANDLE, "案件被督办，请尽快处置"),
    "whistle": (A.CASE_HANDLE, "吹哨报到：请在时限内响应"),
    "finish": (A.CASE_VERIFY, "案件已处置，请现场核查"),
    "verify": (A.CASE_CLOSE, "案件核查通过，待结案"),
    "request_extension": (A.CASE_EXTENSION, "延期申请待审批"),
    "overdue": (A.CASE_URGE, "案件已超期"),
}

# action -> text to the resident who left a mobile number; {code} and {link} are filled in
RESIDENT = {
    "report": "【城管进社区】您反映的问题已收到，查询码 {code}，进度可查看：{link}",
    "reject": "【城管进社区】您反映的问题（{code}）未予立案，原因可查看：{link}",
    "close": "【城管进社区】您反映的问题（{code}）已办结，请您评价：{link}",
    "merge": "【城管进社区】您反映的问题（{code}）已与相同问题合并办理：{link}",
}


def staff_recipients(event) -> list[int]:
    """The users who hold the notified permission over this case, except the actor."""
    rule = STAFF.get(event.action)
    if rule is None:
        return []
    case = event.case
    parts = case.area_path.strip("/").split("/")
    ancestors = ["/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]
    departments = case.scope_department_ids()
    if event.action == "whistle":
        departments = frozenset(event.data.get("departments") or departments)
    users = set()
    rows = RoleAssignment.objects.select_related("role", "area").filter(user__is_active=True)
    for row in rows.filter(area__path__in=ancestors) | rows.filter(area__isnull=True):
        if rule[0] not in row.role.actions:
            continue
        if row.department_id is not None and row.department_id not in departments:
            continue
        users.add(row.user_id)
    users.discard(event.actor_id)
    return sorted(users)


def staff_text(event) -> str:
    return f"{_(STAFF[event.action][1])} · {event.case.category or ''} {event.case.code}".strip()


def resident_text(event) -> str | None:
    template = RESIDENT.get(event.action)
    if template is None or not event.case.reporter_phone:
        return None
    from civicgrid.intake.residents import owner_key
    from civicgrid.lib.urls import public_url

    code = event.case.code
    # The key lets the resident rate from any browser (WeChat keeps its own cookies).
    path = reverse("intake:track", args=[code])
    link = f"{public_url()}{path}?k={owner_key(code)}"
    return _(template).format(code=event.case.code, link=link)
