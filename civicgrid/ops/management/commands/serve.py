import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from civicgrid.lib.env import env_int

SWEEP_EVERY = 60  # seconds between deadline sweeps
RETENTION_EVERY = 24 * 3600  # seconds between runs of the retention schedule
STATISTICS_EVERY = 6 * 3600  # seconds between refreshes of the planner statistics
# gunicorn's default minus the query string and the Referer: both can carry an owner key
# (`?k=`), a search for a resident's name or other personal data. %(U)s is the bare path.
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s" %(M)sms'


def gunicorn_args(host: str, port: int, workers: int) -> list[str]:
    return [
        "gunicorn",
        "civicgrid.wsgi",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--access-logformat",
        ACCESS_LOG_FORMAT,
        "--graceful-timeout",
        "5",
    ]


class Command(BaseCommand):
    help = "同时启动网站（gunicorn）和后台任务进程；Ctrl-C 同时停止两者"

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=env_int("PORT", 8000))
        parser.add_argument("--workers", type=int, default=env_int("WEB_WORKERS", 2))

    def handle(self, *args, host, port, workers, **options):
        manage = str(settings.BASE_DIR / "manage.py")
        children = [
            subprocess.Popen([sys.executable, "-m", *gunicorn_args(host, port, workers)]),
            subprocess.Popen([sys.executable, manage, "db_worker", "--interval", "1"]),
        ]
        stopping = []

        def stop(signum, frame):
            stopping.append(signum)

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(
            self.style.SUCCESS(f"CivicGrid 已启动：http://{host}:{port}/ （Ctrl-C 停止）")
        )
        from civicgrid.cases.tasks import sweep_deadlines
        from civicgrid.duties.tasks import remind_duty_tasks
        from civicgrid.field.tasks import remind_requirements, sweep_assignments
        from civicgrid.notify.tasks import deliver_outbox
        from civicgrid.ops.tasks import apply_retention, refresh_planner_statistics
        from civicgrid.shops.tasks import send_shop_messages, start_shop_year

        next_sweep = next_retention = next_statistics = 0.0
        try:
            while not stopping and all(c.poll() is None for c in children):
                if time.monotonic() >= next_sweep:
                    # This loop is no request: drop a connection the server closed ourselves.
                    close_old_connections()
                    sweep_deadlines.enqueue()
                    deliver_outbox.enqueue()  # a safety net: events normally kick it themselves
                    sweep_assignments.enqueue()
                    send_shop_messages.enqueue()  # a safety net, as the outbox's
                    next_sweep = time.monotonic() + SWEEP_EVERY
                if time.monotonic() >= next_retention:
                    apply_retention.enqueue()
                    remind_requirements.enqueue()  # daily, idempotent (field/reminders.py)
                    remind_duty_tasks.enqueue()  # daily, idempotent (duties/reminders.py)
                    start_shop_year.enqueue()  # daily, idempotent: opens a new year's points
                    next_retention = time.monotonic() + RETENTION_EVERY
                if time.monotonic() >= next_statistics:
                    refresh_planner_statistics.enqueue()
                    next_statistics = time.monotonic() + STATISTICS_EVERY
                time.sleep(0.5)
        finally:
            for child in children:
                if child.poll() is None:
                    child.terminate()
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
        failed = [c for c in children if c.returncode not in (0, -signal.SIGTERM, None)]
        if failed and not stopping:
            sys.exit("有进程意外退出，已全部停止")
