from django.core.management.base import BaseCommand

from civicgrid.catalog.services import load_catalog


class Command(BaseCommand):
    help = "导入国家标准分类目录、常用分类、时限和违法行为类型（可重复执行）"

    def handle(self, *args, **options):
        counts = load_catalog()
        self.stdout.write(
            "已导入 {majors} 个大类、{classes} 个小类、".format(**counts)
            + "{limits} 条时限、{violations} 种违法行为".format(**counts)
        )
