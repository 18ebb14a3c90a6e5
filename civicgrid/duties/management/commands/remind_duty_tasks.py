from django.core.management.base import BaseCommand

from civicgrid.duties.reminders import send_reminders


class Command(BaseCommand):
    help = "提醒临近时间节点的分解任务的牵头单位（每天运行一次，可重复运行）"

    def handle(self, *args, **options):
        self.stdout.write(f"已提醒 {send_reminders()} 项任务")
