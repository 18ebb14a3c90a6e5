from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from civicgrid.catalog.services import load_calendar
from civicgrid.catalog.worktime import NoCalendarData


class Command(BaseCommand):
    help = "按国务院放假安排生成工作日历（含调休上班日），已有日期不覆盖"

    def add_arguments(self, parser):
        this_year = timezone.localdate().year
        parser.add_argument("--from-year", type=int, default=this_year - 1)
        parser.add_argument("--to-year", type=int, default=this_year + 1)
        parser.add_argument(
            "--provisional",
            action="store_true",
            help="尚未发布放假安排的年份暂按周一至周五上班生成，并标注“暂定”",
        )

    def handle(self, *args, from_year, to_year, provisional, **options):
        try:
            added = load_calendar(range(from_year, to_year + 1), provisional=provisional)
        except NoCalendarData as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"工作日历新增 {added} 天（{from_year}–{to_year} 年）")
