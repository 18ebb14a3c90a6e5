"""Shared helpers for council and needs tests."""

from civicgrid.council import needs


def new_need(community, **kwargs):
    fields = {"category": "repair", "text": "3号楼楼道灯坏了一个月", "phone": "13800138000"}
    return needs.submit(community=community, **{**fields, **kwargs})


def matrix_objects(city) -> dict:
    """For the URL matrix: a need, an open item and a meeting of communities 0 and 3."""
    from datetime import timedelta

    from django.utils import timezone

    from civicgrid.council import council

    found = {}
    for i in (0, 3):
        community = city.communities[i]
        need = new_need(community)
        found[f"nd{i}"], found[f"nd{i}.code"] = need.pk, need.code
        item = council.propose(community=community, title="矩阵议题", text="权限矩阵检查")
        found[f"it{i}"] = item.pk
        meeting = council.hold(
            actor=city.heads[community.pk],
            community=community,
            kind="council",
            title="矩阵议事会",
            held_at=timezone.now() - timedelta(days=1),
            place="社区服务中心",
        )
        found[f"mt{i}"] = meeting.pk
    return found


def fingerprint():
    """What a refused request must leave as it was, for the URL matrix."""
    from civicgrid.council.models import AgendaItem, Decision, Meeting, Need, NeedLog

    return (
        tuple(Need.objects.order_by("pk").values_list("status", "case_id")),
        NeedLog.objects.count(),
        tuple(AgendaItem.objects.order_by("pk").values_list("status")),
        Meeting.objects.count(),
        Decision.objects.count(),
    )
