"""Notices and events for the demo city's communities."""

from datetime import timedelta

from django.utils import timezone

from civicgrid.community.models import Event, Notice

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
    ("城管开放日：垃圾分类宣传", 3, "社区党群服务中心广场", "现场讲解垃圾分类知识，发放分类袋。"),
    ("共建共治议事会", 10, "社区党群服务中心二楼会议室", "邀请居民代表、物业共同商议停车难题。"),
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
        for title, days, place, description in EVENTS:
            Event.objects.get_or_create(
                community=community,
                title=title,
                defaults={
                    "starts_at": timezone.localtime(now + timedelta(days=days)).replace(
                        hour=9, minute=30, second=0, microsecond=0
                    ),
                    "place": place,
                    "description": description,
                },
            )
