from django.core.management.base import BaseCommand

from civicgrid.cases import tallies


class Command(BaseCommand):
    help = "按案件重新统计各社区每日上报、结案和评价数（批量导入案件之后执行）"

    def handle(self, *args, **options):
        rows = tallies.rebuild()
        self.stdout.write(f"已重新统计 {rows} 条社区日统计")
