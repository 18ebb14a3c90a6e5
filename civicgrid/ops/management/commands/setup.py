from django.core.management import call_command
from django.core.management.base import BaseCommand

from civicgrid.areas.models import Area
from civicgrid.cases.services import load_response_templates
from civicgrid.catalog.models import Category
from civicgrid.notify.texts import load_message_templates
from civicgrid.ops.tasks import refresh_planner_statistics


class Command(BaseCommand):
    help = "准备运行环境：迁移数据库、导入参考数据；数据库为空时生成演示城市"

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="不生成演示城市")

    def handle(self, *args, no_demo, **options):
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)  # the "shared" cache without Redis
        if not Category.objects.exists():
            call_command("load_catalog")
        call_command("load_calendar", provisional=True)
        load_response_templates()
        load_message_templates()
        if not no_demo and not Area.objects.exists():
            call_command("seed_demo")
        # After migrations and loads: SQLite plans with stale statistics (ops/tasks.py).
        refresh_planner_statistics.call()
        call_command("collectstatic", interactive=False, verbosity=0)
