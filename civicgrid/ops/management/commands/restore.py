from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from civicgrid.ops.backups import BackupError
from civicgrid.ops.restores import restore


class Command(BaseCommand):
    help = "从 manage.py backup 生成的归档恢复数据库、媒体文件和密钥；恢复后所有旧登录失效"

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="备份归档（civicgrid-backup-….tar.gz）")
        parser.add_argument(
            "--force", action="store_true", help="目标数据文件夹或数据库不是空的也覆盖"
        )

    def handle(self, *args, archive, force, **options):
        try:
            restore(archive, force=force, say=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
