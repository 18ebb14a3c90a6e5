import time

from django.core.management.base import BaseCommand

from civicgrid.amenities.demo import seed as seed_amenities
from civicgrid.cases.sla import sweep
from civicgrid.community.demo import seed_life as seed_community_life
from civicgrid.consult.demo import seed as seed_consultations
from civicgrid.consult.survey_demo import seed as seed_surveys
from civicgrid.council.demo import seed as seed_council
from civicgrid.demo import enforcement
from civicgrid.demo.city import DEMO_PASSWORD, build_city
from civicgrid.demo.history import fresh_reports, generate
from civicgrid.duties.demo import seed as seed_duties
from civicgrid.field.demo_assignments import seed as seed_field_work
from civicgrid.field.demo_duty import seed as seed_field_duty
from civicgrid.liaison.demo import seed as seed_liaison
from civicgrid.notify.outbox import deliver_pending
from civicgrid.shops.demo import seed as seed_shops
from civicgrid.stations.demo import seed as seed_stations
from civicgrid.volunteers.demo import seed as seed_volunteers


class Command(BaseCommand):
    help = "生成演示城市（赣州市章贡区真实区划、合成网格、部门、人员）和近 120 天的案件"

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=3000)
        parser.add_argument("--days", type=int, default=120)

    def handle(self, *args, cases, days, **options):
        started = time.monotonic()
        self.stdout.write("正在生成演示城市……")
        city = build_city()
        sizes = (len(city.streets), len(city.communities), len(city.grids))
        self.stdout.write("  {} 个街道、{} 个社区、{} 个网格、".format(*sizes), ending="")
        self.stdout.write(f"{len(city.departments)} 个部门、{len(city.users)} 名工作人员")

        def progress(done, total):
            self.stdout.write(f"\r  案件 {done}/{total}", ending="")
            self.stdout.flush()

        generate(city, count=cases, days=days, progress=progress)
        seed_consultations(city)
        seed_field_work(city)
        sweep()
        # History is backdated and notifies nobody; today's reports light up the bells.
        fresh_reports(city)
        seed_field_duty(city)
        enforcement.seed(city)
        seed_amenities(city)
        seed_stations(city)
        seed_duties(city)
        seed_shops(city)
        seed_volunteers(city)
        seed_surveys(city)
        seed_liaison(city)
        seed_council(city)
        seed_community_life(city)
        while deliver_pending()["events"]:
            pass
        self.stdout.write(f"\n演示数据已生成，用时 {time.monotonic() - started:.0f} 秒。")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, label in [
            ("admin", "系统管理员（后台 /admin/）"),
            ("dispatcher", "区指挥中心派遣员"),
            ("dispatcher1", "街道受理员"),
            ("head1", "社区工作站站长"),
            ("grid1", "网格员"),
            ("instructor1", "业务指导员"),
            ("sanitation1", "环卫所处置人员"),
            ("leader", "领导"),
        ]:
            self.stdout.write(f"  {username:<14}{label}")
