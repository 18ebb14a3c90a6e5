from django.core.management.base import BaseCommand

from civicgrid.field.reminders import send_reminders


class Command(BaseCommand):
    help = "履职提醒：周期结束前提醒未完成巡查、签到、坐班要求的人员（每天运行一次，可重复运行）"

    def handle(self, *args, **options):
        self.stdout.write(f"已生成 {send_reminders()} 条履职提醒。")
