"""The convenience map as a workbook: export and import share one set of Chinese columns, so an
exported file edited in Excel imports back (a row is found again by community, type and name).

An import is all or nothing: any bad row and nothing is written; the rows come back in a
workbook with a 错误原因 column. Only communities in the importer's scope are accepted.
"""

from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicgrid.amenities import forms as checks
from civicgrid.amenities import services
from civicgrid.amenities.choices import Kind
from civicgrid.amenities.models import Amenity
from civicgrid.areas.choices import CoordSystem
from civicgrid.cases.export import write_table
from civicgrid.intake.hotline import XLSX_MAGIC, _text

MAX_MB = 5
MAX_ROWS = 5_000
COLUMNS = [
    ("kind", gettext_lazy("类型"), 14),
    ("name", gettext_lazy("名称"), 24),
    ("community", gettext_lazy("所属社区"), 18),
    ("address", gettext_lazy("地址"), 30),
    ("lng", gettext_lazy("经度"), 12),
    ("lat", gettext_lazy("纬度"), 12),
    ("coord_system", gettext_lazy("坐标系"), 10),
    ("hours", gettext_lazy("开放时间"), 28),
    ("notes", gettext_lazy("设施说明"), 24),
    ("active", gettext_lazy("状态"), 8),
]
REQUIRED = ("kind", "name", "community", "lng", "lat")
KIND_WORDS = {
    **{str(label): value for value, label in Kind.choices},
    **{value: value for value in Kind.values},
    "厕所": Kind.TOILET,
    "公共厕所": Kind.TOILET,
    "公园": Kind.PARK,
    "游园": Kind.PARK,
    "摊点": Kind.STALL,
    "疏导点": Kind.STALL,
    "便民疏导点": Kind.STALL,
    "回收点": Kind.RECYCLING,
}
SYSTEM_WORDS = {
    "": CoordSystem.WGS84,
    "WGS84": CoordSystem.WGS84,
    "GPS": CoordSystem.WGS84,
    "GCJ02": CoordSystem.GCJ02,
    "高德": CoordSystem.GCJ02,
    "腾讯": CoordSystem.GCJ02,
    "BD09": CoordSystem.BD09,
    "百度": CoordSystem.BD09,
}


class Refused(Exception):
    """The file as a whole cannot be read: not Excel, too big, columns missing, no rows."""


class RowError(Exception):
    pass


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    header: list[str] = field(default_factory=list)
    errors: list[tuple[list[str], str]] = field(default_factory=list)


def headers() -> list[tuple[str, int]]:
    return [(str(title), width) for _f, title, width in COLUMNS]


def export(rows) -> object:
    """The places as the import reads them (WGS-84, as stored); an open temporary file."""
    out = (
        [
            str(Kind(a.kind).label),
            a.name,
            a.community.name,
            a.address,
            str(round(a.lng, 7)),  # as stored: an unchanged row imports back unchanged
            str(round(a.lat, 7)),
            "WGS-84",
            a.hours,
            a.notes,
            _("启用") if a.active else _("停用"),
        ]
        for a in rows
    )
    return write_table(_("便民设施"), headers(), out)


def check_upload(upload) -> None:
    if upload.size > MAX_MB * 1024 * 1024:
        raise Refused(_("文件过大，上限为 %(max)s MB") % {"max": MAX_MB})
    head = upload.read(4)
    upload.seek(0)
    if head != XLSX_MAGIC:
        raise Refused(_("文件不是 Excel（.xlsx）格式，请使用导出的模板填写后上传"))


def read(upload) -> tuple[list[str], list[list[str]]]:
    """(header, rows as texts) of the first sheet."""
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_filelike(upload).get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=True)
    except Exception as exc:  # noqa: BLE001 - calamine's errors vary by cause
        raise Refused(_("无法读取该 Excel 文件，文件可能已损坏")) from exc
    texts = [[_text(c) for c in r] for r in rows]
    texts = [r for r in texts if any(r)]
    if len(texts) < 2:
        raise Refused(_("文件中没有数据行"))
    if len(texts) > MAX_ROWS + 1:
        raise Refused(_("一次最多导入 %(n)s 行，请分批导入") % {"n": MAX_ROWS})
    return texts[0], texts[1:]


def where(header: list[str]) -> dict[str, int]:
    at = {h.strip(): i for i, h in reversed(list(enumerate(header))) if h.strip()}
    found = {name: at[str(title)] for name, title, _w in COLUMNS if str(title) in at}
    missing = [str(title) for name, title, _w in COLUMNS if name in REQUIRED and name not in found]
    if missing:
        raise Refused(_("缺少必需的列：%(names)s") % {"names": "、".join(missing)})
    return found


class Rows:
    """Turns a row's texts into the fields of a place, against the importer's communities."""

    def __init__(self, actor):
        self.by_code, self.by_name = {}, {}
        for c in services.managed_communities(actor):
            self.by_code[c.code] = c
            self.by_name.setdefault(c.name, []).append(c)
        self.seen: set[tuple] = set()

    def community(self, text: str):
        if text in self.by_code:
            return self.by_code[text]
        found = self.by_name.get(text, [])
        if len(found) > 1:
            raise RowError(_("社区名称“%(name)s”不唯一，请填写社区代码") % {"name": text})
        if not found:
            raise RowError(_("社区“%(name)s”不存在或不在您的管辖范围内") % {"name": text})
        return found[0]

    def fields(self, values: dict[str, str]) -> tuple[dict, bool]:
        """(the place's fields, active) of one row; RowError with the reason."""
        for name in REQUIRED:
            if not values.get(name):
                title = next(str(t) for n, t, _w in COLUMNS if n == name)
                raise RowError(_("“%(col)s”为空") % {"col": title})
        kind = KIND_WORDS.get(values["kind"])
        if kind is None:
            names = "、".join(str(label) for label in Kind.labels)
            raise RowError(
                _("类型“%(t)s”无法识别，可填：%(names)s") % {"t": values["kind"], "names": names}
            )
        system = SYSTEM_WORDS.get(values.get("coord_system", "").upper().replace("-", ""))
        if system is None:
            raise RowError(_("坐标系只能填 WGS-84、GCJ-02 或 BD-09"))
        try:
            lng, lat = float(values["lng"]), float(values["lat"])
        except ValueError as exc:
            raise RowError(_("经纬度须为数字")) from exc
        community = self.community(values["community"])
        name = values["name"][:100]
        try:
            lng, lat = checks.to_wgs84(lng, lat, system)
            checks.check_point(community, lng, lat)
            hours = checks.check_hours(values.get("hours", "")[:100])
        except forms.ValidationError as exc:
            raise RowError(" ".join(exc.messages)) from exc
        key = (community.pk, kind, name)
        if key in self.seen:
            raise RowError(_("与文件中前面的行重复（同社区、同类型、同名称）"))
        self.seen.add(key)
        active = values.get("active", "") != str(_("停用"))
        fields = {
            "kind": kind,
            "name": name,
            "community": community,
            "address": values.get("address", "")[:200],
            "lng": lng,
            "lat": lat,
            "hours": hours,
            "notes": values.get("notes", "")[:200],
        }
        return fields, active


def run(*, upload, actor) -> Outcome:
    """Import a workbook of places: every row, or none (then the errors say why per row)."""
    check_upload(upload)
    header, rows = read(upload)
    at = where(header)
    outcome, parse = Outcome(header=header), Rows(actor)
    parsed = []
    for row in rows:
        values = {name: row[i].strip() if i < len(row) else "" for name, i in at.items()}
        try:
            parsed.append(parse.fields(values))
        except RowError as exc:
            outcome.errors.append((row, str(exc)))
    if outcome.errors:
        return outcome
    known = {(a.community_id, a.kind, a.name): a for a in Amenity.objects.all()}
    with transaction.atomic():
        for fields, active in parsed:
            old = known.get((fields["community"].pk, fields["kind"], fields["name"]))
            if old is None:
                place = services.save(actor=actor, source="import", **fields)
                outcome.created += 1
            else:
                before = old.updated_at
                place = services.save(actor=actor, amenity=old, source="import", **fields)
                changed = place.updated_at != before or place.active != active
                outcome.updated += changed
                outcome.unchanged += not changed
            services.set_active(amenity=place, active=active, actor=actor)
    return outcome


def errors_workbook(outcome: Outcome):
    """The refused rows as they came, with the reason; an open temporary file."""
    width = len(outcome.header)
    columns = [(h or "-", 16) for h in outcome.header] + [(_("错误原因"), 40)]
    rows = ([*(r + [""] * width)[:width], reason] for r, reason in outcome.errors)
    return write_table(_("错误明细"), columns, rows)
