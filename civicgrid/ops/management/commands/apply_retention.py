from django.conf import settings
from django.core.management.base import BaseCommand

from civicgrid.ops import pipl
from civicgrid.ops.cli import operator


class Command(BaseCommand):
    help = (
        "执行数据保存期限：已办结案件超过 RETENTION_CONTACT_YEARS 年的匿名化，"
        "超过 RETENTION_MESSAGES_DAYS 天的短信记录和 Webhook 投递记录删除；"
        "记入审计日志（manage.py serve 每天执行）"
    )

    def handle(self, *args, **options):
        def progress(done):
            self.stdout.write(f"  已匿名化 {done:,} 件")

        counts = pipl.apply_retention(operator=operator(), progress=progress)
        years = settings.CIVICGRID_RETENTION_CONTACT_YEARS
        days = settings.CIVICGRID_RETENTION_MESSAGES_DAYS
        self.stdout.write(
            f"匿名化案件 {counts['anonymised']:,} 件、"
            f"清除意见征集联系方式 {counts['consultation_answers']:,} 条（保存 {years} 年），"
            f"删除短信 {counts['messages']:,} 条、已投递的待通知记录 {counts['outbox']:,} 条、"
            f"已结束的 Webhook 投递 {counts['webhook_deliveries']:,} 条"
            f"（保存 {days} 天）"
        )
