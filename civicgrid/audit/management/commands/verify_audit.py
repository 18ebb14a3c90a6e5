"""`manage.py verify_audit`: walk the tamper-evident chains and say where each was broken."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from civicgrid.audit import chain, triggers


class Command(BaseCommand):
    help = (
        "核对审计链（案件事件、联系方式查看记录、审计记录）：找出被修改、删除或调换顺序的记录"
        "和缺失的只追加触发器。发现问题时退出码为 1。"
    )

    def handle(self, *args, **options):
        findings: list[chain.Finding] = []
        total = 0
        for model in chain.chained_models():
            table = model._meta.db_table
            size = model._base_manager.count()

            def progress(done, table=table, size=size):
                self.stderr.write(f"  {table}：已核对 {done:,} / {size:,} 条")

            found = len(findings)
            walked = chain.walk(model, findings, progress=progress)
            total += walked.count
            seq, digest = walked.head
            state = "有问题" if len(findings) > found else "完整"
            self.stdout.write(
                f"{model._meta.verbose_name}（{table}）：{walked.count:,} 条，链{state}，"
                f"末条链序号 {seq}，校验值 {digest[:16]}"
            )
        for table, name in triggers.missing(connection):
            findings.append(chain.Finding(table, 0, f"缺少只追加触发器 {name}，可被任意修改或删除"))
        for finding in findings:
            self.stdout.write(self.style.ERROR(str(finding)))
        if findings:
            raise CommandError(f"审计链核对未通过：发现 {len(findings)} 处问题", returncode=1)
        self.stdout.write(self.style.SUCCESS(f"审计链核对通过：共 {total:,} 条记录，未发现篡改。"))
