"""Demo council life: last month's meetings with minutes and decisions (one became a case,
one a task), open agenda items with supporters, and needs in every state."""

from datetime import timedelta

from django.utils import timezone

from civicgrid.council import council, needs
from civicgrid.council.models import Meeting

ATTENDEES = (
    "张桂兰 居民代表\n刘建国 居民代表\n李秀英 居委会\n王强 物业\n赵芳 业委会\n陈志明 工作人员"
)
MINUTES = (
    "一、通报上月居民点单办理情况。\n"
    "二、议题“电动车楼道停放充电”：物业同意在南侧空地划设停放区并加装充电桩，"
    "业委会同意使用公共收益支付电费。\n"
    "三、议题“广场舞音量扰民”：约定晚 9 点前结束，音量由居民代表每周巡看。"
)
OPEN_ITEMS = [
    ("增设适老化扶手", "6号楼楼道没有扶手，老人上下楼不方便", 14),
    ("小区东门早高峰占道", "早上东门外流动摊贩占道，孩子上学不安全", 9),
    ("垃圾分类投放点加装雨棚", "下雨天投放点没有遮挡，垃圾被淋湿发臭", 5),
]
NEEDS = [  # (category, text, steps)
    ("repair", "5号楼单元门门禁坏了，外人随意进出", []),
    ("service", "希望每月组织一次义务理发进社区", [("accept", {})]),
    (
        "environment",
        "小区北侧绿化带杂草丛生，蚊虫多",
        [("accept", {}), ("assign", {"assignee": "物业公司绿化班", "days": 5})],
    ),
    (
        "repair",
        "3号楼前路灯不亮，晚上出行不便",
        [
            ("accept", {}),
            ("assign", {"assignee": "街道市政所", "days": 3}),
            ("finish", {"result": "已更换 LED 路灯 2 盏，居民回访满意"}),
        ],
    ),
    (
        "culture",
        "希望在文化广场放映露天电影",
        [("decline", {"note": "广场本月施工，施工结束后再议"})],
    ),
    ("environment", "沿街店铺油烟直排，影响楼上住户", [("to_case", {})]),
]


def _needs(community, head):
    for category, text, steps in NEEDS:
        need = needs.submit(
            community=community, category=category, text=text, phone="13907970000", name="居民"
        )
        for action, args in steps:
            args = dict(args)
            if "days" in args:
                args["deadline"] = timezone.localdate() + timedelta(days=args.pop("days"))
            needs.act(need=need, actor=head, action=action, **args)


def seed(city) -> list[Meeting]:
    """A meeting last month in the first three communities, items and needs in each."""
    made = []
    now = timezone.now()
    evening = timezone.localtime(now - timedelta(days=30)).replace(hour=19, minute=30)
    for community in city.communities[:3]:
        head = city.heads.get(community.pk)
        if head is None or Meeting.objects.filter(community=community).exists():
            continue
        item = council.propose(
            community=community, title="电动车楼道停放充电", text="楼道里停放充电，存在火灾隐患"
        )
        for n in range(12):
            council.support(item=item, browser=f"demo-{n}")
        meeting = council.hold(
            actor=head,
            community=community,
            kind="council",
            title=f"{evening:%Y年%-m月}居民议事会",
            held_at=evening,
            place=f"{community.name}党群服务中心",
            attendees=ATTENDEES,
            minutes=MINUTES,
            items=[item],
        )
        council.decide(
            meeting=meeting,
            actor=head,
            text="在南侧空地划设电动车停放区，清理楼道内停放的电动车",
            becomes="case",
        )
        worker = city.grid_workers.get(community.pk)
        if worker is not None:
            council.decide(
                meeting=meeting,
                actor=head,
                text="每周巡看广场舞音量和结束时间，向议事会反馈",
                becomes="task",
                owner=worker,
                deadline=now + timedelta(days=14),
            )
        council.decide(meeting=meeting, actor=head, text="下次议事会讨论充电桩电费分摊方案")
        for title, text, supporters in OPEN_ITEMS:
            open_item = council.propose(community=community, title=title, text=text)
            for n in range(supporters):
                council.support(item=open_item, browser=f"demo-{n}")
        _needs(community, head)
        made.append(meeting)
    return made
