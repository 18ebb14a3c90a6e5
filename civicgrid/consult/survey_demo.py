"""A satisfaction follow-up over the district, answered for recently closed cases, and a
community survey by the first community's station head, with answers."""

import random
from datetime import timedelta

from django.utils import timezone

from civicgrid.cases.choices import Status
from civicgrid.cases.models import Case
from civicgrid.consult import surveys
from civicgrid.consult.choices import SurveyKind
from civicgrid.consult.models import Survey

SATISFACTION = """单选：您对本次问题的处理结果是否满意？
非常满意
满意
基本满意
不满意

单选：处置人员是否在承诺时间内到场？
按时到场
稍有延迟
没有到场

填空：您对城管工作还有什么建议？（选答）"""
COMMUNITY = """多选：您希望社区城管工作站重点整治哪些问题？
占道经营
乱停乱放
噪音扰民
垃圾乱堆
违规广告

单选：您是否愿意参加“城管进社区”志愿服务？
愿意
看情况
暂不参加

填空：还有哪些地方需要我们去看看？（选答）"""
TEXTS = [
    "",
    "",
    "",
    "希望保持下去。",
    "处理很及时，点赞。",
    "晚上的摊点还要多巡查。",
    "队员态度很好，就是来得晚了一点。",
    "希望处理完能打个电话告诉一声。",
]
PLACES = [
    "",
    "",
    "",
    "",
    "菜市场门口早上很乱。",
    "小区东门共享单车堆满了。",
    "幼儿园旁边有人摆摊。",
    "桥下夜里有烧烤摊，油烟大。",
    "二号楼后面的绿化带被改成了菜地。",
    "公交站旁边的广告牌歪了，怕掉下来。",
    "希望晚上多来巡查几次。",
]


def _answer(survey, rng, community=None, case=None, texts=TEXTS, i=0):
    qs = list(survey.questions.all())
    answers = {}
    for q in qs:
        if q.options and q.kind == "multiple":
            answers[q.pk] = rng.sample(range(len(q.options)), rng.randint(1, 3))
        elif q.options:
            answers[q.pk] = rng.choices(
                range(len(q.options)), weights=[6, 4, 2, 1][: len(q.options)]
            )[0]
        else:
            answers[q.pk] = rng.choice(texts)
    at = timezone.now() - timedelta(hours=rng.randint(1, 100))  # within both periods
    surveys.respond(
        survey=survey,
        answers=answers,
        browser=f"demo-{survey.pk}-{i}",
        community=community,
        case=case,
        at=at,
    )


def seed(city) -> list[Survey]:
    if Survey.objects.filter(title__startswith="城管结案回访").exists():
        return []
    today = timezone.localdate()
    rng = random.Random(15)
    follow = surveys.publish(
        actor=city.users["dispatcher"],
        area=city.county,
        kind=SurveyKind.SATISFACTION,
        title="城管结案回访满意度调查",
        description="感谢您反映问题。请花一分钟评价本次处理。",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=335),
        questions=surveys.parse_questions(SATISFACTION),
    )
    closed = Case.objects.filter(status=Status.CLOSED).order_by("-closed_at")[:40]
    for i, case in enumerate(closed):
        if rng.random() < 0.6:
            _answer(follow, rng, case=case, i=i)
    community = city.communities[0]
    local = surveys.publish(
        actor=city.heads[community.pk],
        area=community,
        title=f"{community.name}城管服务需求调查",
        description="工作站想听听您最关心的问题，问卷匿名填写，约需两分钟。",
        starts_on=today - timedelta(days=5),
        ends_on=today + timedelta(days=10),
        questions=surveys.parse_questions(COMMUNITY),
    )
    for i in range(28):
        _answer(local, rng, community=community, texts=PLACES, i=i)
    return [follow, local]
