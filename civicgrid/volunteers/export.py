"""The registry, the points ranking and the training totals as Excel; phones stay masked."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from civicgrid.cases.export import write_table, write_tables

MAX_ROWS = 5000


def write_registry(volunteers):
    columns = [
        (_("姓名"), 10),
        (_("手机号"), 14),
        (_("类别"), 12),
        (_("监督员证号"), 14),
        (_("社区"), 20),
        (_("特长"), 24),
        (_("加入日期"), 12),
        (_("状态"), 8),
    ]
    rows = [
        [
            v.masked_name,
            v.masked_phone,
            v.get_kind_display(),
            v.badge_no,
            v.community.name,
            v.skills,
            v.joined_on.isoformat(),
            v.get_status_display(),
        ]
        for v in volunteers.select_related("community")[:MAX_ROWS]
    ]
    return write_table(_("志愿者与社会监督员"), columns, rows), len(rows)


def write_ranking(rows, year: int):
    columns = [(_("名次"), 6), (_("姓名"), 10), (_("类别"), 12), (_("社区"), 20)]
    columns += [(_("服务时长（小时）"), 14), (_("本年积分"), 10)]
    body = [
        [i, v.masked_name, v.get_kind_display(), v.community.name, float(hours), total]
        for i, (v, total, hours) in enumerate(rows, 1)
    ]
    return write_table(_("%(year)s年志愿积分排行") % {"year": year}, columns, body), len(body)


def write_training(people: list[dict], stations: list[dict]):
    person_cols = [(_("姓名"), 12), (_("身份"), 10), (_("社区"), 20)]
    person_cols += [(_("学时"), 8), (_("次数"), 8), (_("双报到"), 8)]
    roles = {"staff": _("工作人员"), "volunteer": _("志愿者")}
    person_rows = [
        [p["name"], str(roles[p["role"]]), p["training__community__name"], float(p["hours"])]
        + [p["sessions"], p["party"]]
        for p in people
    ]
    station_cols = [(_("社区"), 20), (_("场次"), 8), (_("参加人次"), 10)]
    station_cols += [(_("人·学时"), 10), (_("双报到人次"), 10)]
    station_rows = [
        [s["community__name"], s["sessions"], s["attendances"]]
        + [float(s["person_hours"] or 0), s["party"]]
        for s in stations
    ]
    tables: list[tuple[str, list[tuple[str, int]], Iterable[list]]] = [
        (_("按人员"), person_cols, person_rows),
        (_("按工作站"), station_cols, station_rows),
    ]
    return write_tables(tables), len(person_rows)
