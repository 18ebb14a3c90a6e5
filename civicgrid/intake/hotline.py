"""12345 hotline ledgers in: an .xlsx export read, mapped, placed and written as cases.

`run(imp)` imports one stored file (the upload page's background task and `manage.py
import_hotline` call the same function). It is idempotent by the work-order number: an order
already here with the same mapped values is left alone, a changed one is updated through the
workflow (`hotline_update`, one event), a new one opens a case through the one report service
(prepared row by row, written a batch at a time with `services.write_many`).

Each batch of BATCH rows is one transaction together with the import's counts, so a run that
stops (a crash, a restart) leaves whole rows and a progress that matches them; running the file
again completes it, since the rows written are then unchanged. Rows that cannot be imported
are listed with their reason in an error workbook; the good rows import.
"""

import functools
import hashlib
import json
import logging
import re
import tempfile
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

import xlsxwriter
from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.areas import places
from civicgrid.areas.choices import Level
from civicgrid.cases import services, workflow
from civicgrid.cases.choices import Channel, RequestType
from civicgrid.cases.errors import WorkflowError
from civicgrid.cases.events import insert_rows, reserve_ids
from civicgrid.cases.export import write_cells
from civicgrid.cases.models import Case
from civicgrid.catalog.models import Category
from civicgrid.intake.models import (
    DEFAULT_MAPPING,
    REQUIRED,
    HotlineImport,
    HotlineOrder,
    HotlineSource,
    ImportStatus,
)
from civicgrid.lib.privacy import normalise_mobile

log = logging.getLogger(__name__)

BATCH = 1000
XLSX_MAGIC = b"PK\x03\x04"  # an .xlsx is a zip archive
FIELD_LABELS = {
    "number": "工单编号",
    "called_at": "来电时间",
    "reporter_name": "诉求人",
    "reporter_phone": "联系电话",
    "subject": "诉求主题",
    "description": "诉求内容",
    "request_type": "诉求类型",
    "address": "地址",
    "area": "所属区域",
    "unit": "承办单位",
    "section": "办理科室",
    "due": "办理时限",
    "major": "事项大类",
    "minor": "事项小类",
    "origin": "办件来源",
    "city_number": "市级编号",
    "hotline_status": "办件状态",
    "sender": "派单员",
    "result": "处理结果",
}
assert set(FIELD_LABELS) == set(DEFAULT_MAPPING)
REQUEST_TYPES = {str(label): value for value, label in RequestType.choices}
# The channel's own facts kept on the report event (plain JSON; never the caller's phone).
DETAILS = ("number", "city_number", "origin", "unit", "section", "hotline_status", "sender")
UPDATED_FIELDS = {"description", "address", "reporter_name", "reporter_phone", "request_type"}


class Refused(Exception):
    """The file as a whole cannot be imported: not Excel, too big, columns missing."""


def max_bytes() -> int:
    return settings.CIVICGRID_HOTLINE_MAX_MB * 1024 * 1024


def check_upload(upload) -> None:
    """Refuse a file that is too big or not an .xlsx before anything of it is stored."""
    if upload.size > max_bytes():
        raise Refused(
            _("文件过大（%(size)s MB），上限为 %(max)s MB，请分多个文件导入")
            % {"size": upload.size // (1024 * 1024), "max": settings.CIVICGRID_HOTLINE_MAX_MB}
        )
    head = upload.read(4)
    upload.seek(0)
    if head != XLSX_MAGIC:
        raise Refused(_("文件不是 Excel（.xlsx）格式，请从热线系统导出 .xlsx 文件后再上传"))


def store(upload) -> str:
    """Keep the uploaded file in private storage (MEDIA, never served by /media/)."""
    return default_storage.save(f"hotline/{uuid.uuid4().hex}.xlsx", File(upload))


# --- reading -------------------------------------------------------------------------------


def _text(value) -> str:
    """A cell as text: whole numbers without ".0" (phones, numbers), dates as ISO."""
    if type(value) is str:  # most cells: first, one test
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    return str(value).strip()


def read_rows(path: str) -> tuple[list[str], Iterator[list], int]:
    """(header texts, the data rows as lists of cells, their count) of the first sheet."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        with default_storage.open(path, "rb") as f:
            book = CalamineWorkbook.from_filelike(f)
        sheet = book.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=True)
    except (CalamineError, ValueError, OSError, IndexError, Exception) as exc:  # noqa: BLE001
        # A zip that is not a workbook, a damaged file: calamine's errors vary by cause.
        log.info("hotline file unreadable: %s", exc)
        raise Refused(_("无法读取该 Excel 文件，文件可能已损坏或不是热线导出的 .xlsx")) from exc
    start = next((i for i, r in enumerate(rows) if any(_text(c) for c in r)), None)
    if start is None:
        raise Refused(_("文件中没有数据"))
    header = [_text(c) for c in rows[start]]
    body = rows[start + 1 :]
    return header, iter(body), len(body)


def columns(header: list[str], mapping: dict) -> dict[str, int]:
    """Our field -> column index; Refused naming the required columns the file lacks."""
    where = {}
    by_text = {h: i for i, h in reversed(list(enumerate(header))) if h}
    for field, title in mapping.items():
        if title and title.strip() in by_text:
            where[field] = by_text[title.strip()]
    missing = [mapping.get(f) or FIELD_LABELS[f] for f in REQUIRED if f not in where]
    if missing:
        raise Refused(
            _("缺少必需的列：%(names)s（请检查表头，或在热线来源中修改列对应）")
            % {"names": "、".join(missing)}
        )
    return where


# --- one row -------------------------------------------------------------------------------

_MOMENT_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y%m%d%H%M%S",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日",
)


@functools.lru_cache(maxsize=4096)  # a ledger's times repeat (one dispatch run, one deadline)
def parse_moment(text: str) -> datetime | None:
    """A local date and time of a ledger cell, aware; None for an empty cell, ValueError for a
    text that is no date."""
    text = re.sub(r"\s+", " ", text.strip())
    if not text:
        return None
    text = text.replace("T", " ").split(".")[0]
    for fmt in _MOMENT_FORMATS:
        try:
            moment = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if not 2000 <= moment.year <= 2100:
            break
        return timezone.make_aware(moment)
    raise ValueError(text)


def digest_of(values: dict[str, str]) -> str:
    text = json.dumps(values, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


class RowError(Exception):
    """One row that cannot be imported, with the reason shown in the error workbook."""


def request_type_of(text: str) -> str:
    for label, value in REQUEST_TYPES.items():
        if label in text:
            return value
    return RequestType.COMPLAINT


class Categories:
    """The catalog by name and alias, for 事项小类 / 事项大类 texts (minor classes first)."""

    def __init__(self):
        self.by_name: dict[str, Category] = {}
        rows = Category.objects.filter(active=True).order_by("-parent_id", "code")
        for category in rows:  # minor classes (with a parent) first: they win a shared name
            names = [category.name, *(category.aliases or "").split("、")]
            for name in names:
                if (name := name.strip()) and name not in self.by_name:
                    self.by_name[name] = category

    def find(self, *texts: str) -> Category | None:
        for text in texts:
            if text and (found := self.by_name.get(text.strip())):
                return found
        return None


def _phone(text: str) -> str:
    """A mobile number as the cases keep it; a landline or a garbled number is not kept
    (cases store mobiles only; the hotline still has the caller)."""
    try:
        return normalise_mobile(text) if text else ""
    except ValueError:
        return ""


def fields_of(values: dict[str, str]) -> dict:
    """What a mapped row sets on the case: the fields hotline_update may change too."""
    subject, text = values.get("subject", ""), values.get("description", "")
    description = text if subject in text else f"{subject}：{text}" if subject and text else text
    return {
        "description": description.strip()[:2000],
        "address": values.get("address", "")[:200],
        "reporter_name": values.get("reporter_name", "")[:50],
        "reporter_phone": _phone(values.get("reporter_phone", "")),
        "request_type": request_type_of(values.get("request_type", "")),
    }


def placement_of(values: dict[str, str]) -> places.Placement | None:
    for text in (
        values.get("address", ""),
        values.get("area", ""),
        values.get("subject", "") + values.get("description", ""),
    ):
        if text and (found := places.place(text, streets=True)):
            return found
    return None


# --- the run -------------------------------------------------------------------------------


class Run:
    """The state of one import while it runs."""

    def __init__(self, imp: HotlineImport, actor, progress: Callable[[HotlineImport], None] | None):
        self.imp = imp
        self.source: HotlineSource = imp.source
        self.actor = actor
        self.progress = progress
        self.categories = Categories()
        self.errors: list[tuple[list, str]] = []
        self.header: list[str] = []
        self.seen: set[str] = set()
        self.known = {
            number: (pk, case_id, digest)
            for pk, number, case_id, digest in HotlineOrder.objects.filter(
                source=self.source
            ).values_list("pk", "number", "case_id", "digest")
        }

    def row_values(self, row: list, where: dict[str, int]) -> dict[str, str]:
        return {f: _text(row[i]) if i < len(row) else "" for f, i in where.items()}

    def prepare(self, values: dict[str, str]) -> tuple[services.Prepared, bool, datetime | None]:
        """The prepared report of a new order, whether it is placed, the hotline's deadline."""
        try:
            at = parse_moment(values.get("called_at", "")) or timezone.now()
        except ValueError as exc:
            raise RowError(_("来电时间无法识别：%(text)s") % {"text": exc}) from exc
        if at > timezone.now() + timedelta(days=1):
            raise RowError(_("来电时间晚于今天"))
        try:
            due = parse_moment(values.get("due", ""))
        except ValueError as exc:
            raise RowError(_("办理时限无法识别：%(text)s") % {"text": exc}) from exc
        fields = fields_of(values)
        found = placement_of(values)
        placed = found is not None and found.precise
        area = found.area if found else self.source.area
        grid = area if area.level == Level.GRID else None
        point = (found.lng, found.lat) if found and grid else (None, None)
        details = {k: values[k] for k in DETAILS if values.get(k)}
        if due:
            details["hotline_due"] = due.isoformat()
        try:
            prepared = services.prepare(
                channel=Channel.HOTLINE,
                **fields,
                category=self.categories.find(values.get("minor", ""), values.get("major", "")),
                grid=grid,
                community=None if grid else area,
                lng=point[0],
                lat=point[1],
                details=details,
                actor=self.actor,
                at=at,
            )
        except WorkflowError as exc:
            raise RowError(str(exc)) from exc
        return prepared, placed, due

    def update(self, known: tuple, number: str, values: dict[str, str], digest: str) -> tuple:
        """Apply a changed row to its order and case; the order's new (pk, case, digest)."""
        pk, case_id, _old = known
        case = Case.objects.get(pk=case_id)
        wanted = fields_of(values)
        changes = {k: v for k, v in wanted.items() if getattr(case, k) != v}
        try:
            due = parse_moment(values.get("due", ""))
        except ValueError as exc:
            raise RowError(_("办理时限无法识别：%(text)s") % {"text": exc}) from exc
        try:
            with transaction.atomic():
                if changes:
                    workflow.hotline_update(
                        case=case,
                        actor=self.actor,
                        changes=changes,
                        note=_("12345 工单 %(number)s 内容有变化") % {"number": number},
                    )
                HotlineOrder.objects.filter(pk=pk).update(
                    digest=digest,
                    hotline_due=due,
                    unit=values.get("unit", "")[:100],
                    last_import=self.imp,
                )
        except WorkflowError as exc:
            raise RowError(str(exc)) from exc
        return (pk, case_id, digest)

    def batch(self, rows: list[list], where: dict[str, int]) -> None:
        """Import one batch of rows: one transaction with the import's counts. What the run
        remembers (numbers seen, orders known) moves only once the batch is committed."""
        counts = dict.fromkeys(("created", "updated", "unchanged", "unplaced", "failed"), 0)
        new: list[tuple[str, str, services.Prepared, bool, datetime | None, str]] = []
        errors: list[tuple[list, str]] = []
        seen: set[str] = set()
        known = _Overlay(self.known)
        with transaction.atomic():
            for row in rows:
                values = self.row_values(row, where)
                number = values.get("number", "")[:64]
                try:
                    if not number:
                        raise RowError(_("工单编号为空"))
                    if number in self.seen or number in seen:
                        raise RowError(_("工单编号在文件中重复，仅导入了第一行"))
                    digest = digest_of(values)
                    if number in known:
                        if known[number][2] == digest:
                            counts["unchanged"] += 1
                        else:
                            known[number] = self.update(known[number], number, values, digest)
                            counts["updated"] += 1
                    else:
                        prepared, placed, due = self.prepare(values)
                        new.append((number, digest, prepared, placed, due, values.get("unit", "")))
                    seen.add(number)
                except RowError as exc:
                    errors.append((row, str(exc)))
                    counts["failed"] += 1
            services.write_many([p for _n, _d, p, _pl, _due, _u in new])
            orders: list[dict[str, Any]] = [
                {
                    "source_id": self.source.pk,
                    "number": number,
                    "case_id": prepared.case.pk,
                    "digest": digest,
                    "hotline_due": due,
                    "unit": unit[:100],
                    "placed": placed,
                    "last_import_id": self.imp.pk,
                }
                for number, digest, prepared, placed, due, unit in new
            ]
            _insert_orders(orders)
            counts["created"] = len(new)
            counts["unplaced"] = sum(1 for n in new if not n[3])
            imp = self.imp
            for name, n in counts.items():
                setattr(imp, name, getattr(imp, name) + n)
            imp.done += len(rows)
            imp.save(update_fields=[*counts, "done"])
        self.known.update(known.changed)
        for order in orders:
            self.known[order["number"]] = (order["id"], order["case_id"], order["digest"])
        self.seen |= seen
        self.errors += errors

    def errors_workbook(self) -> str:
        """The error rows as they came, with a 错误原因 column; the stored file's name."""
        with tempfile.TemporaryFile(suffix=".xlsx") as out:
            book = xlsxwriter.Workbook(
                out,
                {
                    "constant_memory": True,
                    "tmpdir": tempfile.gettempdir(),
                    "strings_to_formulas": False,
                    "strings_to_urls": False,
                },
            )
            sheet = book.add_worksheet(_("错误明细"))
            bold = book.add_format({"bold": True, "bg_color": "#e5e7eb"})
            sheet.write_row(0, 0, [*self.header, _("错误原因")], bold)
            for r, (row, reason) in enumerate(self.errors, start=1):
                cells = [_text(c) for c in row] + [""] * (len(self.header) - len(row))
                write_cells(sheet, r, [*cells[: len(self.header)], reason])
            book.close()
            out.seek(0)
            return default_storage.save(f"hotline/{uuid.uuid4().hex}.xlsx", File(out))


def _insert_orders(rows: list[dict]) -> None:
    """One INSERT run for a batch's new orders (column values by attname; the rest take their
    defaults), ids reserved first as the cases' are: no model object per row."""
    connection = connections[router.db_for_write(HotlineOrder)]
    for row, pk in zip(rows, reserve_ids(HotlineOrder, len(rows), connection), strict=True):
        row["id"] = pk
    insert_rows(HotlineOrder, rows, connection)


class _Overlay:
    """Changes to a dict kept aside until they are kept (a batch committed)."""

    def __init__(self, base: dict):
        self.base = base
        self.changed: dict = {}

    def __contains__(self, key) -> bool:
        return key in self.changed or key in self.base

    def __getitem__(self, key):
        return self.changed[key] if key in self.changed else self.base[key]

    def __setitem__(self, key, value) -> None:
        self.changed[key] = value


def run(imp: HotlineImport, *, progress: Callable[[HotlineImport], None] | None = None) -> None:
    """Import the import's stored file (see the module's docstring); never raises for a bad
    file or bad rows: the import's status and message say what happened."""
    imp.status, imp.started_at, imp.message = ImportStatus.RUNNING, timezone.now(), ""
    imp.save(update_fields=["status", "started_at", "message"])
    state = Run(imp, imp.created_by, progress)
    try:
        state.header, rows, imp.total = read_rows(imp.stored)
        where = columns(state.header, imp.source.mapping)
        imp.save(update_fields=["total"])
        chunk: list[list] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) == BATCH:
                _batch(state, chunk, where)
                chunk = []
        if chunk:
            _batch(state, chunk, where)
    except Refused as exc:
        imp.status, imp.message = ImportStatus.REFUSED, str(exc)
    except Exception:
        log.exception("hotline import %s failed", imp.pk)
        imp.status = ImportStatus.FAILED
        imp.message = _("导入中断：已导入的行已保存，请稍后重新导入同一文件以完成剩余部分")
        raise
    else:
        imp.status = ImportStatus.DONE
    finally:
        if state.errors:
            imp.errors_file = state.errors_workbook()
        imp.finished_at = timezone.now()
        imp.save(update_fields=["status", "message", "errors_file", "finished_at"])
        if progress:
            progress(imp)


def _batch(state: Run, chunk: list[list], where: dict[str, int]) -> None:
    try:
        state.batch(chunk, where)
    except IntegrityError:
        # Another import of the same orders wrote some of them meanwhile: learn them, redo.
        state.known.update(
            {
                number: (pk, case_id, digest)
                for pk, number, case_id, digest in HotlineOrder.objects.filter(
                    source=state.source
                ).values_list("pk", "number", "case_id", "digest")
            }
        )
        state.batch(chunk, where)
    if state.progress:
        state.progress(state.imp)


def start(*, source: HotlineSource, upload, actor) -> HotlineImport:
    """Check and store an uploaded ledger and record its import, queued (the view and the
    command run it next)."""
    check_upload(upload)
    name = (getattr(upload, "name", "") or "hotline.xlsx").rsplit("/", 1)[-1][:200]
    return HotlineImport.objects.create(
        source=source,
        file_name=name,
        stored=store(upload),
        area_path=source.area.path,
        created_by=actor,
    )
