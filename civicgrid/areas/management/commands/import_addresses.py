import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from civicgrid.areas.places import ADDRESS_COLUMNS, import_addresses


class Command(BaseCommand):
    help = "导入标准地址库（CSV，UTF-8，列：地址、区划代码、经度、纬度；经纬度可留空）"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8-sig", newline="") as f:
                reader = csv.DictReader(f)
                missing = [c for c in ADDRESS_COLUMNS[:2] if c not in (reader.fieldnames or [])]
                if missing:
                    raise CommandError(f"缺少列：{'、'.join(missing)}")
                count = import_addresses(reader)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已导入 {count} 条标准地址")
