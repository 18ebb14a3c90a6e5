from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from civicgrid.ops.backups import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库、照片等媒体文件和密钥文件到一个归档（.tar.gz），可在网站运行时进行"

    def add_arguments(self, parser):
        parser.add_argument(
            "--to", type=Path, default=None, help="归档存放目录（默认：数据文件夹下的 backups/）"
        )

    def handle(self, *args, to, **options):
        try:
            backup(to or Path(settings.VAR_DIR) / "backups", say=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
