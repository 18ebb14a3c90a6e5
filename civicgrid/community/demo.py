"""Notices, events, sign-ups and 以案普法 stories for the demo city's communities."""

from datetime import timedelta

from django.utils import timezone

from civicgrid.community import signups
from civicgrid.community.choices import EventKind
from civicgrid.community.models import Event, EventPhoto, LawStory, Notice
from civicgrid.demo.photos import photo

NOTICES = [
    (
        "城管工作站开放接待时间调整",
        "即日起，工作站周一至周五 8:30-12:00、14:30-17:30 开放接待，"
        "居民可当面反映问题，也可扫描工作站门口二维码随时反映。",
    ),
    (
        "关于规范小区周边占道经营的提示",
        "请沿街商户在店内经营，不要占用人行道摆放商品；流动摊贩请到指定疏导点经营。",
    ),
]
EVENTS = [
    (
        "城管开放日：垃圾分类宣传",
        3,
        "社区党群服务中心广场",
        "现场讲解垃圾分类知识，发放分类袋。",
        EventKind.LAW,
    ),
    (
        "共建共治议事会",
        10,
        "社区党群服务中心二楼会议室",
        "邀请居民代表、物业共同商议停车难题。",
        EventKind.COUNCIL,
    ),
]


def seed(city) -> None:
    """Two notices and two upcoming events per community; running it again changes nothing."""
    now = timezone.now()
    for community in city.communities:
        for i, (title, body) in enumerate(NOTICES):
            Notice.objects.get_or_create(
                community=community,
                title=title,
                defaults={"body": body, "published_at": now - timedelta(days=2 + 5 * i)},
            )
        for title, days, place, description, kind in EVENTS:
            Event.objects.get_or_create(
                community=community,
                title=title,
                defaults={
                    "starts_at": timezone.localtime(now + timedelta(days=days)).replace(
                        hour=9, minute=30, second=0, microsecond=0
                    ),
                    "place": place,
                    "description": description,
                    "kind": kind,
                },
            )


# --- community life for the demo site (seed_demo.py): not in the test city, which stays small

PAST = [
    # title, kind, days ago, place, participants, volunteers, materials, summary
    (
        "“以案普法”进小区：占道经营典型案例讲解",
        EventKind.LAW,
        12,
        "社区文化广场",
        46,
        6,
        120,
        "结合本社区两起占道经营整治案例，讲解《城市市容和环境卫生管理条例》相关条款，"
        "现场解答居民关于装修垃圾清运、违规张贴的咨询 17 条。",
    ),
    (
        "垃圾分类志愿督导",
        EventKind.VOLUNTEER,
        26,
        "各小区垃圾分类投放点",
        32,
        18,
        200,
        "志愿者在 6 个投放点开展早晚定时督导，纠正错误投放 40 余次，发放分类指南 200 份。",
    ),
]
UPCOMING = [
    # title, kind, days ahead, place, capacity, sign-ups (to fill: capacity + waiting)
    ("居民议事会：小区停车秩序怎么管", EventKind.COUNCIL, 6, "社区党群服务中心二楼", 12, 14),
    ("便民服务日：磨刀、修伞、法律咨询", EventKind.SERVICE, 9, "社区服务站门前", 0, 5),
]
STORIES = [
    (
        "早餐店占道经营，劝导后搬回店内",
        "《城市市容和环境卫生管理条例》第十四条：未经批准，不得擅自在街道两侧和公共场地"
        "堆放物料，搭建建筑物、构筑物或者其他设施。",
        "居民通过扫码反映：小区门口早餐店每天早上把桌椅摆到人行道上，老人推车只能走机动车道。"
        "网格员当天上门劝导，讲明占道经营的规定，店主当场把桌椅收回店内，并在门前画线自律。"
        "一周回访，人行道保持畅通。",
    ),
    (
        "楼道堆放杂物，物业与居委会共同清理",
        "《中华人民共和国消防法》第二十八条：任何单位、个人不得占用、堵塞、封闭疏散通道、安全出口。",
        "居民反映单元楼道长期堆放旧家具和纸箱。工作站联合居委会、物业公司上门，"
        "先告知再限期清理，三天后物业统一清运，楼道恢复通畅。",
    ),
]
NAMES = "王秀英 李建国 张丽 刘洋 陈静 杨帆 赵敏 黄磊 周芳 吴强 徐红 孙伟 马丽 朱军 胡燕 郭涛"


def _at(now, days: int, hour: int):
    return timezone.localtime(now + timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


def seed_life(city) -> None:
    """Past events with reports and photos, upcoming ones with sign-ups (one full, with a
    waiting list), and 以案普法 stories, in each community; running it again changes nothing."""
    now = timezone.now()
    names = NAMES.split()
    for n, community in enumerate(city.communities):
        for i, (title, kind, ago, place, came, helpers, handed, summary) in enumerate(PAST):
            event, made = Event.objects.get_or_create(
                community=community,
                title=title,
                defaults={
                    "kind": kind,
                    "starts_at": _at(now, -ago, 9),
                    "place": place,
                    "participants": came,
                    "volunteers": helpers,
                    "materials": handed,
                    "summary": summary,
                    "reported_at": _at(now, -ago, 12),
                },
            )
            if made and n < 3:  # photos for the first communities: seconds, not minutes
                EventPhoto.objects.create(event=event, image=photo("after", seed=n * 10 + i))
        for title, kind, ahead, place, capacity, wanted in UPCOMING:
            event, made = Event.objects.get_or_create(
                community=community,
                title=title,
                defaults={
                    "kind": kind,
                    "starts_at": _at(now, ahead, 9),
                    "place": place,
                    "capacity": capacity,
                    "signup_closes_at": _at(now, ahead - 1, 18),
                },
            )
            if made:
                _sign_ups(event, names, wanted, salt=n)
        for i, (title, basis, story) in enumerate(STORIES):
            LawStory.objects.get_or_create(
                community=community,
                title=title,
                defaults={
                    "basis": basis,
                    "story": story,
                    "published_at": now - timedelta(days=3 + 7 * i),
                    "before": photo("before", seed=100 + i) if n < 3 else "",
                    "after": photo("after", seed=200 + i) if n < 3 else "",
                },
            )


def _sign_ups(event, names, wanted: int, salt: int) -> None:
    for k in range(wanted):
        phone = f"139{salt:04d}{k:04d}"
        signups.sign_up(event=event, name=names[(salt + k) % len(names)], phone=phone)
