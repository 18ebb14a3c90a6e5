from django.core.management.base import BaseCommand, CommandError

from civicgrid.ops import pipl
from civicgrid.ops.cli import operator


class Command(BaseCommand):
    help = (
        "导出一位市民的全部个人信息（个人信息保护法 查阅复制权）：按手机号查找其反映的案件、"
        "描述、位置、照片清单、办理过程和发给其的短信；导出记入审计日志"
    )

    def add_arguments(self, parser):
        parser.add_argument("--phone", required=True, help="市民的手机号码")
        parser.add_argument("--out", help="输出文件（.json 或 .xlsx）；不填则以 JSON 输出到屏幕")

    def handle(self, *args, phone, out, **options):
        fmt = "xlsx" if out and out.lower().endswith(".xlsx") else "json"
        if out and fmt == "json" and not out.lower().endswith(".json"):
            raise CommandError("输出文件须以 .json 或 .xlsx 结尾")
        try:
            if out is None:
                data = pipl.export_resident(phone, self.stdout, operator=operator())
            else:
                mode, encoding = ("wb", None) if fmt == "xlsx" else ("w", "utf-8")
                with open(out, mode, encoding=encoding) as target:
                    data = pipl.export_resident(phone, target, fmt=fmt, operator=operator())
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        summary = f"共 {len(data['cases'])} 件案件、{len(data['messages'])} 条短信"
        self.stderr.write(f"{summary}{'，已写入 ' + out if out else ''}（已记入审计日志）")
