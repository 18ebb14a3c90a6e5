from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from civicgrid.intake import hotline
from civicgrid.intake.models import HotlineSource, ImportStatus


class Command(BaseCommand):
    help = "导入 12345 热线工单台账（.xlsx）：按工单编号去重，重复导入不新建，有变化的更新"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", required=True, help="热线来源名称（后台“12345 热线来源”）")
        parser.add_argument("--user", help="以该用户名义导入（默认：第一个超级管理员）")

    def handle(self, *args, file, source, user, **options):
        found = HotlineSource.objects.select_related("area").filter(name=source).first()
        if found is None:
            names = "、".join(HotlineSource.objects.values_list("name", flat=True)) or "（无）"
            raise CommandError(f"没有名为“{source}”的热线来源；已有：{names}")
        User = get_user_model()
        actor = (
            User.objects.filter(username=user, is_active=True).first()
            if user
            else User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        )
        if actor is None:
            raise CommandError("找不到导入用户，请用 --user 指定一个有“导入 12345 工单”权限的账号")
        try:
            with open(file, "rb") as f:
                imp = hotline.start(source=found, upload=File(f, name=file.name), actor=actor)
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        except hotline.Refused as exc:
            raise CommandError(str(exc)) from exc

        def progress(i):
            self.stdout.write(f"\r{i.done} / {i.total} 行", ending="")
            self.stdout.flush()

        hotline.run(imp, progress=progress)
        self.stdout.write("")
        if imp.status != ImportStatus.DONE:
            raise CommandError(imp.message)
        self.stdout.write(
            f"新建 {imp.created}，更新 {imp.updated}，未变化 {imp.unchanged}，"
            f"待定位 {imp.unplaced}，出错 {imp.failed}"
            + (f"（错误明细：{imp.errors_file}）" if imp.errors_file else "")
        )
