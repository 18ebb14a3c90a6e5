from django.core.management.base import BaseCommand

from civicgrid.audit.log import log
from civicgrid.audit.models import Kind
from civicgrid.lib import crypto, rekey
from civicgrid.ops.cli import operator


class Command(BaseCommand):
    help = (
        "轮换市民个人信息加密密钥（SM4）：新增一把密钥，并分批用它重新加密全部已加密数据；"
        "进行中旧数据仍可读取，中断后用 --resume 继续"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--resume", action="store_true", help="不新增密钥，只把尚未用当前密钥加密的数据重新加密"
        )
        parser.add_argument("--batch", type=int, default=1000, help="每个事务处理的行数")

    def handle(self, *args, resume, batch, **options):
        previous = crypto.ring(reload=True).current
        kid = previous if resume and previous else crypto.add_key()
        self.stdout.write(f"当前密钥：{kid}" + ("" if resume else f"（原密钥 {previous or '无'}）"))
        rows = {}
        for model in rekey.encrypted_models():
            label = model._meta.label

            def progress(done, total, label=label):
                self.stdout.write(f"  {label}：{done:,}/{total:,}")

            rows[label] = rekey.reencrypt_rows(model, batch=batch, progress=progress)
            self.stdout.write(f"{label}：重新加密 {rows[label]:,} 行")
        log(Kind.KEY_ROTATE, username=operator(), target=kid, previous=previous, rows=rows)
        self.stdout.write(
            self.style.SUCCESS(
                "完成。旧密钥文件仍保留，以便读取旧备份；确认不再需要后可从 keys 目录删除。"
            )
        )
