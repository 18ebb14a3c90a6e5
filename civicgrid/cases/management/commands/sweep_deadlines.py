from django.core.management.base import BaseCommand

from civicgrid.cases import sla


class Command(BaseCommand):
    help = "检查在办案件时限，标记预警和超期（可由定时任务每分钟执行）"

    def handle(self, *args, **options):
        counts = sla.sweep()
        self.stdout.write(f"新增预警 {counts['warned']} 件，新增超期 {counts['overdue']} 件")
