"""Search bench: the first page of the staff list with a text `q`, indexed against plain LIKE.

`.venv/bin/python bench/bench_search.py` (run by `make bench`). By default it builds the demo
city in a throwaway SQLite file with BENCH_SEARCH_CASES synthetic cases (default 20,000;
`generate_cases` indexes them). BENCH_SEARCH_VAR=/dir uses that data directory instead (its
keys, and its SQLite file unless DATABASE_URL is set) and, with BENCH_SEARCH_CASES=0, measures
the cases already there, so a database of 1M cases is built once and measured again.

For each query (no match, rare words, a common word, one character) and each list (a street
dispatcher's first page, the district dispatcher's closed cases), it times `CaseFilter` with
`q` (the index, cases/search.py) and, in alternating rounds, the same list narrowed by the
LIKE the filter used before (`code = q OR description LIKE %q% OR address LIKE %q%`), and
prints p50 / p95 of each. Goal: p95 < 200 ms. Exits 0 whatever the timing.
"""

import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import build_database, setup_django  # noqa: E402
from table import table, yes_no  # noqa: E402

CASES = int(os.environ.get("BENCH_SEARCH_CASES", "20000"))
N = int(os.environ.get("BENCH_SEARCH_N", "20"))  # indexed runs per query; LIKE runs N // 4
ROUNDS = 4
GOAL_MS = 200
SEED = 20250701
QUERIES = [
    ("no match 无结果", "没有这个词"),
    ("rare 少见词", "栈桥"),
    ("rare address 少见地址", "西津路123号"),
    ("common 常见词", "垃圾"),
    ("one character 单字", "栈"),
]
LISTS = [  # (persona, extra filter)
    ("dispatcher1", {}),
    ("dispatcher", {"status": "closed"}),
]


def percentile(samples, share):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main() -> int:
    keep = os.environ.get("BENCH_SEARCH_VAR")
    existing = bool(keep)
    place = (
        contextlib.nullcontext(keep)
        if keep
        else tempfile.TemporaryDirectory(prefix="civicgrid-bench-search-")
    )
    with place as var_dir:
        setup_django(var_dir)
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection
        from django.db.models import Q

        from civicgrid.cases.filters import CaseFilter, page_of
        from civicgrid.cases.management.commands.generate_cases import generate
        from civicgrid.cases.models import Case

        if existing:
            call_command("migrate", verbosity=0)
        else:
            build_database()
        if CASES:
            generate(count=CASES, seed=SEED)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        total = Case.objects.count()
        print(f"database 数据库: {connection.vendor}, {total:,} cases")

        class LikeFilter(CaseFilter):
            """The filter as it was: `q` as three LIKEs, over the same list and paging."""

            def apply(self, qs):
                if not self.is_valid():
                    return qs.none()
                text = self.cleaned_data["q"].strip()
                self.cleaned_data["q"] = ""
                try:
                    qs = super().apply(qs)
                finally:
                    self.cleaned_data["q"] = text
                return qs.filter(
                    Q(code=text.upper()) | Q(description__contains=text) | Q(address__contains=text)
                )

        def indexed(user, extra, text):
            return page_of(CaseFilter({**extra, "q": text}, user=user)).rows

        def like(user, extra, text):
            return page_of(LikeFilter({**extra, "q": text}, user=user)).rows

        rows = []
        for username, extra in LISTS:
            user = get_user_model().objects.get(username=username)
            for label, text in QUERIES:
                found = indexed(user, extra, text)
                assert [c.pk for c in found] == [c.pk for c in like(user, extra, text)], text
                times: dict[str, list[float]] = {"index": [], "like": []}
                for r in range(ROUNDS):
                    order = [("index", indexed, N // ROUNDS), ("like", like, max(1, N // 16))]
                    for name, fn, count in order if r % 2 == 0 else order[::-1]:
                        for _ in range(count):
                            started = time.perf_counter()
                            fn(user, extra, text)
                            times[name].append((time.perf_counter() - started) * 1000)
                new, old = times["index"], times["like"]
                where = " ".join(f"{k}={v}" for k, v in extra.items()) or "-"
                rows.append(
                    (
                        f"{username} {where}",
                        f"{label} {text}",
                        str(len(found)),
                        f"{statistics.median(new):.1f}",
                        f"{percentile(new, 0.95):.1f}",
                        f"{statistics.median(old):.1f}",
                        f"{percentile(old, 0.95):.1f}",
                        yes_no(percentile(new, 0.95) < GOAL_MS),
                    )
                )
                print(f"  {username} {text}: done", flush=True)
    header = (
        "list 列表",
        "query 查询",
        "rows 行",
        "index p50",
        "index p95",
        "LIKE p50",
        "LIKE p95",
        f"p95 < {GOAL_MS} ms",
    )
    print()
    print(table(header, rows, {2, 3, 4, 5, 6}))
    print()
    print(
        f"{total:,} cases; first page (30 rows, list order, keyset paging), in-process; "
        f"N={N} indexed and {ROUNDS * max(1, N // 16)} LIKE runs per query, alternating "
        "rounds. Exit 0."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
