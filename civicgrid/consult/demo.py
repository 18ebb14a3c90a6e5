"""Two consultations for the demo city: one running in the first street, one the district
ran last month, with answers spread over their days."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from civicgrid.consult import services
from civicgrid.consult.models import Topic

RUNNING = {
    "title": "关于{street}夜间便民摊点疏导区设置的意见征集",
    "description": (
        "为方便居民夜间购物、规范占道经营，{street}办事处拟在辖区设置夜间便民摊点疏导区，"
        "每晚 18:00 至 22:30 开放，统一划线、定时收摊、摊主负责清扫。\n"
        "现就疏导区位置征求居民意见，征集结束后将综合大家的意见确定方案并在社区主页公示。"
    ),
    "question": "您更希望疏导区设在哪里？",
    "options": ["农贸市场北侧空地", "文化广场东侧停车场", "滨江步行道入口", "不赞成设置疏导区"],
    "weights": [5, 4, 2, 1],
    "days": (-9, 12),
    "answers": 46,
    "texts": [
        "",
        "",
        "希望尽快落实，现在晚上路边摆摊太乱了。",
        "收摊后的卫生一定要有人管，不然第二天早上一地垃圾。",
        "支持！但是要注意不要影响旁边小区居民休息，噪音要控制。",
        "疏导区要有照明和消防通道，安全第一。",
        "夜市可以，但车辆停放要规划好，别把路堵了。",
        "建议优先给本社区的困难家庭摊位。",
        "广场晚上跳舞的人多，放在停车场更合适。",
    ],
}
ENDED = {
    "title": "章贡区生活垃圾定时定点投放时段意见征集",
    "description": (
        "为推进生活垃圾分类，区城管局拟在已完成改造的小区实行定时定点投放，"
        "其余时段垃圾桶撤回收集点。现就投放时段征求居民意见。"
    ),
    "question": "您希望的定时投放时段是？",
    "options": [
        "早 7:00-9:00、晚 18:00-21:00",
        "早 6:30-8:30、晚 19:00-21:30",
        "只设晚间一个时段",
        "不赞成定时投放",
    ],
    "weights": [6, 4, 2, 1],
    "days": (-40, -9),
    "answers": 132,
    "texts": [
        "",
        "",
        "",
        "建议安排志愿者在现场引导，刚开始大家可能不习惯。",
        "上班族早上七点前就出门了，希望早上时段能提前一点。",
        "老人腿脚不便，楼下的桶能不能保留一个？",
        "希望多设几个厨余垃圾桶，现在的经常满出来。",
        "能否在社区群里提前通知时间安排？",
        "我家附近的收集点离得太远了，建议增加一个点位。",
        "希望定期公布执行情况，让居民监督。",
    ],
}


def _at(day, rng) -> datetime:
    moment = time(hour=rng.choice([7, 8, 12, 19, 20, 21]), minute=rng.randrange(60))
    return timezone.make_aware(datetime.combine(day, moment))


def _topic(spec, *, area, actor, communities, seed) -> Topic | None:
    title = spec["title"].format(street=area.name)
    if Topic.objects.filter(title=title, area=area).exists():
        return None  # seeded before: running it again changes nothing
    today = timezone.localdate()
    first, last = (today + timedelta(days=d) for d in spec["days"])
    topic = services.publish(
        actor=actor,
        area=area,
        title=title,
        description=spec["description"].format(street=area.name),
        starts_on=first,
        ends_on=last,
        question=spec["question"],
        options=spec["options"],
    )
    rng = random.Random(seed)
    answered_until = min(last, today)
    span = (answered_until - first).days
    for i in range(spec["answers"]):
        day = first + timedelta(days=min(span, int(rng.triangular(0, span + 1, 0))))
        at = min(_at(day, rng), timezone.now())
        with_phone = rng.random() < 0.15
        services.answer(
            topic=topic,
            community=rng.choice(communities),
            choice=rng.choices(range(len(spec["options"])), weights=spec["weights"])[0],
            text=rng.choice(spec["texts"]),
            name=rng.choice(["王女士", "李先生", "张阿姨", "陈先生"]) if with_phone else "",
            phone=f"1387970{i:04d}" if with_phone else "",
            client_key=f"demo-{seed}-{i}",
            at=at,
        )
    return topic


def seed(city) -> list[Topic]:
    """The running topic of the first street and the district's ended one."""
    street = city.streets[0]
    in_street = [c for c in city.communities if c.parent_id == street.pk]
    made = [
        _topic(
            RUNNING,
            area=street,
            actor=city.dispatchers[street.pk],
            communities=in_street,
            seed=1,
        ),
        _topic(
            ENDED,
            area=city.county,
            actor=city.users["dispatcher"],
            communities=city.communities,
            seed=2,
        ),
    ]
    return [t for t in made if t is not None]
