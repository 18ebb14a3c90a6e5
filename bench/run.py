"""CivicGrid throughput bench: `make bench` (or `.venv/bin/python bench/run.py`).

Prints figures beside baselines measured in the same run, on the same database, so the ratios
mean something on any machine. Timing never fails the run: the goals are informational and
the script exits 0 unless the code under test crashes.

What it measures, on the full demo city (`build_city()`, about 196 grids):

1. cases/s through `cases.services.report()` (QR channel, a class, a point inside a grid so the
   grid lookup runs, no photos) against a bare `Case.objects.create()` of the same fields.
2. workflow transitions/s (`accept` then `dispatch` by the street dispatcher) against a bare
   ORM insert: one `CaseEvent.objects.create()` in its own `transaction.atomic()`.
3. point -> grid: bulk `locate_many()` points/s, single `locate()` mean and p99 latency, and
   `locate_grid()`, which adds the database fetch of the grid.

The code under test and its baseline are timed in alternating chunks (ROUNDS rounds of
count / ROUNDS calls each, the order swapped every round), so a neighbour that slows the shared
machine for a while slows both; the ratio printed is the median of the rounds' ratios, with
their range and the p50 / p95 latency of one call.

Database: by default a fresh SQLite file in a temporary directory (CIVICGRID_VAR is pointed
there before Django starts), deleted afterwards; the developer's `var/` is never touched.
If DATABASE_URL is set it is honoured, so `DATABASE_URL=postgres://... make bench` benchmarks
PostgreSQL: the bench then runs `migrate` on that database and writes the demo city and its
test cases into it, so point it at a scratch database, never at one you care about.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from table import figures, yes_no

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Fixed counts, sized so the whole run stays under a minute on a 2-core machine.
WARMUP = 50
ROUNDS = 10  # alternating chunks of code under test and baseline
CASES = 1500  # report() calls, and as many bare creates
WORKFLOW_CASES = 600  # cases taken through accept + dispatch: twice as many transitions
BULK_POINTS = 200_000
BULK_PASSES = 3  # locate_many() over the same points, to steady the figure
LOCATE_CALLS = 10_000
LOCATE_GRID_CALLS = 2_000
SEED = 20250701

CATEGORY = ("matter", "06010")  # 乱扔垃圾: the most common class, routed to sanitation


def setup_django(var_dir: str):
    """Point Django at a throwaway data directory, then start it."""
    os.environ["CIVICGRID_VAR"] = var_dir
    os.environ["MEDIA_ROOT"] = str(Path(var_dir) / "media")
    # A shared Redis would carry our cache invalidations to the developer's running app.
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "civicgrid.settings"
    import django

    django.setup()


def build_database():
    """Migrate the empty database and load reference data and the full demo city."""
    from django.core.management import call_command

    from civicgrid.catalog.services import load_calendar, load_catalog
    from civicgrid.demo.city import build_city

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the "shared" cache without Redis
    load_catalog()
    load_calendar(range(2025, date.today().year + 2), provisional=True)
    return build_city()


def wait_listening(server, port: int, seconds: float, what: str = "gunicorn"):
    """Return the started server once its port accepts connections; stop it if it never does."""
    import socket

    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"{what} did not start")


# --- timing helpers ------------------------------------------------------------------------


def rate(count: int, fn) -> float:
    """Calls per second of fn(i) for i in range(count)."""
    started = time.perf_counter()
    for i in range(count):
        fn(i)
    return count / (time.perf_counter() - started)


def interleaved(count: int, measured, baseline, rounds: int = ROUNDS) -> dict:
    """measured(i) and baseline(i) for i in range(count) each, in `rounds` alternating chunks.

    Returns the median calls/s of each over the rounds, the median, lowest and highest of the
    rounds' ratios, and p50 / p95 latency of one call in ms.
    """
    chunk = count // rounds
    rates: dict[str, list[float]] = {"measured": [], "baseline": []}
    cpu: dict[str, list[float]] = {"measured": [], "baseline": []}  # CPU seconds per call
    samples: dict[str, list[float]] = {"measured": [], "baseline": []}
    clock = time.perf_counter
    for r in range(rounds):
        order = [("measured", measured), ("baseline", baseline)]
        for name, fn in order if r % 2 == 0 else reversed(order):
            took = samples[name]
            started, used = clock(), time.process_time()
            for i in range(r * chunk, (r + 1) * chunk):
                t = clock()
                fn(i)
                took.append(clock() - t)
            rates[name].append(chunk / (clock() - started))
            cpu[name].append((time.process_time() - used) / chunk)
    ratios = [m / b for m, b in zip(rates["measured"], rates["baseline"], strict=True)]
    cpu_ratios = [b / m for m, b in zip(cpu["measured"], cpu["baseline"], strict=True)]

    def ms(name, share):
        ordered = sorted(samples[name])
        return 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * share))]

    return {
        "service": statistics.median(rates["measured"]),
        "bare": statistics.median(rates["baseline"]),
        "ratio": statistics.median(ratios),
        "low": min(ratios),
        "high": max(ratios),
        "calls": chunk * rounds,
        # SQLite runs in this process, so CPU time counts its work too but not the waits for a
        # core that a busy neighbour causes: a steadier figure beside the wall-clock ratio.
        "cpu_ratio": statistics.median(cpu_ratios),
        "p50": (ms("measured", 0.5), ms("baseline", 0.5)),
        "p95": (ms("measured", 0.95), ms("baseline", 0.95)),
    }


def latencies_us(count: int, fn) -> tuple[float, float]:
    """Mean and p99 latency in microseconds of fn(i) over count calls."""
    clock = time.perf_counter_ns
    samples = []
    for i in range(count):
        started = clock()
        fn(i)
        samples.append(clock() - started)
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    return statistics.fmean(samples) / 1000, p99 / 1000


def queries(fn) -> int:
    """How many SQL statements one call of fn() runs (a diagnostic beside the rates)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


# --- the measurements ----------------------------------------------------------------------


def bench_cases(city, category, inside_points) -> dict:
    """report() against a bare Case.objects.create() with the same fields."""
    from django.utils import timezone

    from civicgrid.cases.choices import Channel, Status
    from civicgrid.cases.models import Case
    from civicgrid.cases.services import report

    def via_service(i):
        lng, lat = inside_points[i % len(inside_points)]
        return report(
            channel=Channel.QR,
            description=f"路边有人乱扔垃圾，编号 {i}",
            category=category,
            lng=lng,
            lat=lat,
        )

    sample = via_service(0)
    # The bare insert gets the grid and deadlines the service worked out, as constants.
    fixed = {
        f: getattr(sample, f)
        for f in ("accept_due", "due_at", "warn_at", "coord_source", "urgency", "clock")
    }
    grid = next(g for g in city.grids if g.pk == sample.grid_id)

    def bare(i):
        lng, lat = inside_points[i % len(inside_points)]
        return Case.objects.create(
            channel=Channel.QR,
            description=f"路边有人乱扔垃圾，编号 {i}",
            category=category,
            grid=grid,
            area_path=grid.path,
            lng=lng,
            lat=lat,
            reported_at=timezone.now(),
            status=Status.REPORTED,
            **fixed,
        )

    rate(WARMUP, via_service)
    rate(WARMUP, bare)
    counts = (queries(lambda: via_service(1)), queries(lambda: bare(1)))
    return {**interleaved(CASES, via_service, bare), "queries": counts}


def bench_workflow(city, category, street_points) -> dict:
    """accept + dispatch by the street dispatcher against a bare one-row event insert."""
    from django.db import transaction
    from django.utils import timezone

    from civicgrid.cases import workflow
    from civicgrid.cases.choices import Channel, Status
    from civicgrid.cases.models import CaseEvent
    from civicgrid.cases.services import report

    dispatcher = city.dispatchers[city.streets[0].pk]

    def new_cases(count):
        return [
            report(
                channel=Channel.QR,
                description=f"待流转的案件 {i}",
                category=category,
                lng=street_points[i % len(street_points)][0],
                lat=street_points[i % len(street_points)][1],
            )
            for i in range(count)
        ]

    def transitions(cases):
        def step(i):
            workflow.accept(case=cases[i], actor=dispatcher)
            workflow.dispatch(case=cases[i], actor=dispatcher)

        return step

    warm, timed = new_cases(WARMUP // 2), new_cases(WORKFLOW_CASES)
    target = timed[0]

    def bare_event(i):
        with transaction.atomic():
            CaseEvent.objects.create(
                case=target,
                action="accept",
                actor=dispatcher,
                actor_label="街道受理员",
                at=timezone.now(),
                from_status=Status.REPORTED,
                to_status=Status.ACCEPTED,
                note="",
                public=True,
                data={},
            )

    def bare(i):  # two events, as a step is two transitions
        bare_event(i)
        bare_event(i)

    warm_step, last = transitions(warm), len(warm) - 1
    rate(last, warm_step)
    # The last warm case is counted: SQL statements per transition (two per case) vs baseline.
    counts = (queries(lambda: warm_step(last)) / 2, queries(lambda: bare_event(0)))
    rate(WARMUP, bare)
    flow = interleaved(len(timed), transitions(timed), bare)
    done = sum(c.status == Status.DISPATCHED for c in timed)
    return {
        **flow,
        "service": 2 * flow["service"],  # transitions/s: two per case
        "bare": 2 * flow["bare"],
        "queries": counts,
        "dispatched": done,
        "total": len(timed),
    }


def bench_lookup(city) -> dict:
    """Bulk and single point -> grid lookups over random points in the city's bounding box."""
    import numpy as np
    from shapely.geometry import shape
    from shapely.ops import unary_union

    from civicgrid.areas.lookup import index, locate_grid

    west, south, east, north = unary_union([shape(g.boundary) for g in city.grids]).bounds
    rng = np.random.default_rng(SEED)
    xy = np.column_stack(
        (rng.uniform(west, east, BULK_POINTS), rng.uniform(south, north, BULK_POINTS))
    )
    singles = xy[:LOCATE_CALLS].tolist()

    index.get().index.locate_many(xy[:10_000])  # warm up: build the index, touch the code paths
    started = time.perf_counter()
    for _ in range(BULK_PASSES):
        keys = index.get().index.locate_many(xy)
    bulk_rate = BULK_PASSES * len(xy) / (time.perf_counter() - started)
    hit_share = sum(k is not None for k in keys) / len(keys)

    def single(i):
        lng, lat = singles[i]
        return index.get().index.locate(lng, lat)

    def with_fetch(i):
        lng, lat = singles[i]
        return locate_grid(lng, lat)

    latencies_us(1000, single)
    latencies_us(200, with_fetch)
    mean, p99 = latencies_us(LOCATE_CALLS, single)
    fetch_mean, fetch_p99 = latencies_us(LOCATE_GRID_CALLS, with_fetch)
    return {
        "bulk": bulk_rate,
        "hits": hit_share,
        "mean": mean,
        "p99": p99,
        "fetch_mean": fetch_mean,
        "fetch_p99": fetch_p99,
    }


# --- output --------------------------------------------------------------------------------


def spread(figure: dict) -> str:
    """The rounds behind a median ratio and the latency of one call, measured vs baseline."""
    return (
        f"{figure['calls']} calls of each in {ROUNDS} alternating rounds, ratio per round "
        f"{figure['low']:.2f}x-{figure['high']:.2f}x, CPU-time ratio {figure['cpu_ratio']:.2f}x, "
        f"per call p50 {figure['p50'][0]:.2f} vs "
        f"{figure['p50'][1]:.2f} ms, p95 {figure['p95'][0]:.2f} vs {figure['p95'][1]:.2f} ms"
    )


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="civicgrid-bench-") as var_dir:
        setup_django(var_dir)
        from django.db import connection, connections

        from civicgrid.catalog.models import Category

        vendor = connection.vendor
        print(f"database 数据库: {vendor} {connection.settings_dict['NAME']}")
        started = time.perf_counter()
        city = build_database()
        print(
            f"setup 准备: {len(city.streets)} streets, {len(city.communities)} communities, "
            f"{len(city.grids)} grids in {time.perf_counter() - started:.1f} s"
        )

        from shapely.geometry import shape

        category = Category.objects.get(kind=CATEGORY[0], code=CATEGORY[1])
        street_path = city.streets[0].path
        centre = {g.pk: shape(g.boundary).representative_point() for g in city.grids}
        inside = [(centre[g.pk].x, centre[g.pk].y) for g in city.grids]
        in_street = [
            (centre[g.pk].x, centre[g.pk].y) for g in city.grids if g.path.startswith(street_path)
        ]
        random.Random(SEED).shuffle(inside)

        started = time.perf_counter()
        cases = bench_cases(city, category, inside)
        print(
            f"1. cases/s 案件创建: report() {cases['service']:,.0f}/s, "
            f"bare create {cases['bare']:,.0f}/s; SQL per case {cases['queries'][0]} vs "
            f"{cases['queries'][1]}; {spread(cases)} ({time.perf_counter() - started:.1f} s)"
        )
        started = time.perf_counter()
        flow = bench_workflow(city, category, in_street)
        print(
            f"2. transitions/s 流转: workflow {flow['service']:,.0f}/s, "
            f"bare event insert {flow['bare']:,.0f}/s; "
            f"SQL per transition {flow['queries'][0]:g} vs {flow['queries'][1]}, "
            f"{flow['dispatched']}/{flow['total']} cases dispatched; {spread(flow)} "
            f"({time.perf_counter() - started:.1f} s)"
        )
        started = time.perf_counter()
        geo = bench_lookup(city)
        print(
            f"3. point->grid 定位: {geo['bulk']:,.0f} points/s bulk, "
            f"{geo['hits']:.0%} of random points inside a grid, "
            f"locate {geo['mean']:.1f} µs mean / {geo['p99']:.1f} µs p99, "
            f"locate_grid {geo['fetch_mean']:.1f} µs mean "
            f"({time.perf_counter() - started:.1f} s)"
        )
        connections.close_all()

    case_ratio, flow_ratio = cases["ratio"], flow["ratio"]
    rows = [
        (
            "cases/s 案件创建",
            f"{cases['service']:,.0f}",
            f"{cases['bare']:,.0f}",
            f"{case_ratio:.2f}x",
            ">= 0.5x bare",
            yes_no(case_ratio >= 0.5),
        ),
        (
            "transitions/s 流转",
            f"{flow['service']:,.0f}",
            f"{flow['bare']:,.0f}",
            f"{flow_ratio:.2f}x",
            ">= 0.5x bare",
            yes_no(flow_ratio >= 0.5),
        ),
        (
            "points/s 批量定位",
            f"{geo['bulk']:,.0f}",
            "-",
            "-",
            ">= 100,000/s",
            yes_no(geo["bulk"] >= 100_000),
        ),
        (
            "locate mean µs 单点定位",
            f"{geo['mean']:.1f}",
            "-",
            "-",
            "< 1000 µs",
            yes_no(geo["mean"] < 1000),
        ),
        (
            "locate p99 µs 单点定位",
            f"{geo['p99']:.1f}",
            "-",
            "-",
            "< 1000 µs",
            yes_no(geo["p99"] < 1000),
        ),
        ("locate_grid mean µs 含查库", f"{geo['fetch_mean']:.1f}", "-", "-", "-", "-"),
        ("locate_grid p99 µs 含查库", f"{geo['fetch_p99']:.1f}", "-", "-", "-", "-"),
    ]
    print()
    print(figures(rows))
    print()
    print(
        "Baselines: bare Case.objects.create() / one CaseEvent insert per atomic block, "
        f"same run, same database, timed in {ROUNDS} alternating rounds; value and baseline "
        "are the rounds' median rates, ratio the median of the rounds' ratios. "
        "Goals are informational; the bench never fails on timing."
    )
    print("基线与被测代码同一次运行、同一数据库；目标仅供参考，不因性能不达标而失败。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
