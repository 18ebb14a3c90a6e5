"""12345 ledger import bench: 100,000 rows imported, then imported again.

`.venv/bin/python bench/bench_hotline.py`. Builds the demo city in a throwaway SQLite file
(or DATABASE_URL's database), writes a ledger of BENCH_HOTLINE_ROWS rows (default 100,000) in
the STANDARDS.md §4 layout with XlsxWriter in constant memory (addresses from the standard
address table, community names and, one row in twenty, nowhere known), then times:
- the import (intake/hotline.run: read, map, place, prepare each row, write a batch at a time);
- the re-import of the same file (must create nothing);
- as baselines in the same run: reading the file alone (python-calamine), a plain
  bulk_create of as many bare Case rows, and one-by-one `services.report()` on a sample of
  BENCH_HOTLINE_SAMPLE rows (default 500), extrapolated.
Goal: import and re-import each under 60 s at 100,000 rows. Exits 0 whatever the timing.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from run import build_database, setup_django  # noqa: E402

ROWS = int(os.environ.get("BENCH_HOTLINE_ROWS", "100000"))
SAMPLE = int(os.environ.get("BENCH_HOTLINE_SAMPLE", "500"))
GOAL_S = 60


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="civicgrid-bench-hotline-") as var_dir:
        setup_django(var_dir)
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.db import connection
        from python_calamine import CalamineWorkbook

        from civicgrid.areas.models import KnownAddress
        from civicgrid.cases import services
        from civicgrid.cases.models import Case
        from civicgrid.demo.city import HOTLINE_SOURCE, short_name
        from civicgrid.intake import hotline
        from civicgrid.intake.models import HotlineSource
        from civicgrid.intake.tests.ledgers import order, write_ledger

        city = build_database()
        user = city.users["dispatcher"]
        source = HotlineSource.objects.get(name=HOTLINE_SOURCE)
        addresses = list(KnownAddress.objects.values_list("text", flat=True))
        communities = [short_name(c) + "社区" for c in city.communities]
        print(f"database 数据库: {connection.vendor}; {len(addresses)} known addresses")

        def text(i: int) -> str:
            if i % 20 == 0:
                return f"某小区{i % 97}栋楼下垃圾堆积多日无人清理"  # nowhere known
            if i % 3 == 0:
                return f"{communities[i % len(communities)]}菜市场门口有流动摊贩占道经营"
            return f"{addresses[i % len(addresses)]}门口垃圾堆积多日无人清理，气味很大"

        path = Path(var_dir) / "ledger.xlsx"
        started = time.perf_counter()
        write_ledger(path, (order(i, 诉求内容=text(i)) for i in range(1, ROWS + 1)))
        print(
            f"ledger 台账: {ROWS:,} rows, {path.stat().st_size / 1e6:.1f} MB, "
            f"written in {time.perf_counter() - started:.1f} s"
        )

        started = time.perf_counter()
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        read_s = time.perf_counter() - started
        assert len(rows) == ROWS + 1

        def run_import() -> tuple[float, object]:
            upload = SimpleUploadedFile("ledger.xlsx", path.read_bytes())
            imp = hotline.start(source=source, upload=upload, actor=user)
            began = time.perf_counter()
            hotline.run(imp)
            return time.perf_counter() - began, imp

        first_s, first = run_import()
        again_s, again = run_import()

        started = time.perf_counter()
        grid = city.grids[0]
        Case.objects.bulk_create(
            (
                Case(channel="hotline", description=f"基准行 {i}", grid=grid, area_path=grid.path)
                for i in range(ROWS)
            ),
            batch_size=1000,
        )
        bulk_s = time.perf_counter() - started

        started = time.perf_counter()
        for i in range(SAMPLE):
            services.report(channel="hotline", description=text(i + 1), grid=grid, actor=user)
        one_s = (time.perf_counter() - started) / SAMPLE

        def line(name, seconds, note=""):
            rate = ROWS / seconds if seconds else 0
            print(f"  {name:<44} {seconds:8.1f} s {rate:10,.0f} rows/s  {note}")

        print(f"\nimport 导入 ({ROWS:,} rows; goal < {GOAL_S} s each)")
        line("read the file alone (python-calamine)", read_s, "baseline")
        line("plain bulk_create of bare cases", bulk_s, "baseline")
        line("report() one by one (extrapolated)", one_s * ROWS, f"from {SAMPLE} rows")
        line(
            "import 首次导入",
            first_s,
            f"created {first.created:,}, unplaced {first.unplaced:,}, failed {first.failed:,}; "
            f"x{first_s / bulk_s:.1f} bulk_create",
        )
        line(
            "re-import 重复导入",
            again_s,
            f"created {again.created:,}, unchanged {again.unchanged:,}; "
            f"x{again_s / read_s:.1f} read",
        )
        ok = first_s < GOAL_S and again_s < GOAL_S and again.created == 0
        print(f"goal met 达标: {'yes 是' if ok else 'no 否'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
