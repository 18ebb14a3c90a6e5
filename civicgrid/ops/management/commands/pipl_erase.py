from django.core.management.base import BaseCommand, CommandError

from civicgrid.cases.models import Case
from civicgrid.lib.privacy import mask_phone, normalise_mobile
from civicgrid.ops import pipl
from civicgrid.ops.cli import operator


class Command(BaseCommand):
    help = (
        "按市民请求删除其个人信息（个人信息保护法 删除权）：清除其反映的全部案件中的姓名、"
        "手机号和描述中出现的号码与姓名，删除发给其的短信，位置精确到约 100 米；"
        "案件本身保留。记入审计日志"
    )

    def add_arguments(self, parser):
        parser.add_argument("--phone", required=True, help="市民的手机号码")
        parser.add_argument("--yes", action="store_true", help="不再询问，直接删除")

    def handle(self, *args, phone, yes, **options):
        try:
            phone = normalise_mobile(phone)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        count = Case.objects.with_phone(phone).count()
        self.stdout.write(f"{mask_phone(phone)}：找到 {count} 件案件")
        question = "确认删除这些案件中的个人信息？此操作不可撤销 [y/N] "
        if count and not yes and input(question).strip().lower() != "y":
            raise CommandError("已取消，未删除任何数据")
        codes = pipl.erase_resident(phone, operator=operator())
        self.stdout.write(
            self.style.SUCCESS(f"已删除 {len(codes)} 件案件中的个人信息（已记入审计日志）")
        )
