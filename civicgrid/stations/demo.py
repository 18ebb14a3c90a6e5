"""Demo of the stations app, "a working bureau seen today": the evaluation scheme the bureau's
督考办 scores by, model stations 示范点 (the seeds' 精品样板工作室: those the amenities demo
marked, else three), and eight typical cases 典型案例 written from closed cases of the
history with their before and after photos.
Idempotent; a few dozen queries."""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from civicgrid.areas.models import path_codes
from civicgrid.cases.choices import PhotoKind, Status
from civicgrid.cases.models import Attachment, Case
from civicgrid.people.models import Workstation
from civicgrid.stations import showcase
from civicgrid.stations.evaluation import DEFAULT_WEIGHTS
from civicgrid.stations.models import EvaluationScheme, SchemeWeight, Showcase

SCHEME_NAME = "2026 年城管进社区工作站考评方案"
MODEL_STATIONS = 3
# The bureau's targets for stations of two officers: both on desk duty most half-days, a
# patrol every working day; shares near what the bureau reaches, so grades spread.
TARGETS = {"duty": 40, "visits": 40, "patrols": 22, "on_time": 95, "no_rework": 95}
TYPICAL = 8

# category code -> (title, problem, solution, result); no names, numbers or doors.
STORIES = {
    "06010": (
        "小区门口垃圾堆三天清零",
        "居民扫城管码反映，小区门口长期有人乱倒生活垃圾，夏天气味很大，影响出行。",
        "工作站当天受理并派环卫所清运，网格员连续一周早晚巡查，联系物业增设两处垃圾投放点。",
        "垃圾当天清完，一周后复查无反弹，居民回访评价“非常满意”。",
    ),
    "09006": (
        "流动摊贩占道，疏堵结合腾出人行道",
        "早市摊贩占用人行道经营，行人被迫走机动车道，存在安全隐患。",
        "执法队员首违不罚、劝导为主，工作站协调社区在附近空地划定临时疏导点，摊贩有序入点。",
        "人行道恢复畅通，摊贩有了固定经营位置，居民和摊贩都认可。",
    ),
    "09009": (
        "消防通道车辆乱停一次治理到位",
        "居民反映小区周边车辆长期停在人行道上，高峰时堵住消防通道口。",
        "工作站联合交警、物业现场劝离，施划禁停标线，在小区公示栏张贴停车提示。",
        "乱停车明显减少，消防通道保持畅通，问题按期办结。",
    ),
    "07001": (
        "电线杆小广告集中清理",
        "公交站台边的电线杆和墙面贴满小广告，居民多次反映影响市容。",
        "网格员随手拍上报，环卫所集中铲除并喷涂防贴涂层，工作站对涉及的电话号码依法处置。",
        "站台周边恢复整洁，之后巡查未发现新贴。",
    ),
    "06013": (
        "人行道破损坑洼及时修复",
        "居民反映学校附近人行道砖松动翘起、雨天积水，老人孩子容易绊倒。",
        "工作站派市政所处置，先设置警示围挡，两天内完成铺装修复并复查。",
        "路面平整，家长接送孩子更安心，居民评价满意。",
    ),
    "01037": (
        "一排路灯不亮，三天恢复照明",
        "巷子口一排路灯晚上不亮，居民夜间出行不安全。",
        "工作站受理后派市政所检修，查明是线路老化，更换线路和灯具。",
        "路灯全部恢复照明，夜间巡查确认正常，群众点赞。",
    ),
    "01003": (
        "井盖缺失，当天补齐消除隐患",
        "居民反映路口雨水井盖不见了，差点有人踩空。",
        "网格员到场设置警示，工作站当天派市政所补装防坠井盖，并排查周边井盖。",
        "隐患当天消除，周边井盖全部加装防坠网。",
    ),
    "06029": (
        "露天烧烤油烟扰民问题化解",
        "夜宵摊在路边露天烧烤，烟雾飘进居民楼，居民多次投诉。",
        "执法队员上门宣传法规，工作站召开议事会，引导商户入室经营并安装油烟净化设施。",
        "露天烧烤不再出现，商户正常经营，居民晚上能开窗通风了。",
    ),
    "06042": (
        "垃圾站满溢，优化清运频次",
        "菜市场旁垃圾站经常满溢，苍蝇多、气味大。",
        "工作站与环卫所核对清运时间，早晚各加一次清运，网格员每日巡查记录。",
        "满溢问题解决，周边环境明显改善。",
    ),
    "04002": (
        "倒伏行道树及时清理扶正",
        "大风后行道树倒伏，树枝挂在电线上，影响通行和用电安全。",
        "工作站联合园林所、供电部门现场处置，清理断枝并扶正加固树木。",
        "道路当天恢复通行，树木成活，居民感谢处置及时。",
    ),
}


def seed(city) -> list[Showcase]:
    """The scheme, the model stations and the published typical cases of the demo city."""
    _scheme()
    _model_stations(city)
    return _typical(city)


def _scheme() -> None:
    scheme, made = EvaluationScheme.objects.get_or_create(
        valid_from=date(2026, 1, 1),
        defaults={"name": SCHEME_NAME, "note": "局督考办每季度通报考评结果"},
    )
    if made:
        SchemeWeight.objects.bulk_create(
            SchemeWeight(scheme=scheme, indicator=i, weight=w, target=TARGETS.get(i, t))
            for i, (w, t) in DEFAULT_WEIGHTS.items()
        )


def _model_stations(city) -> None:
    if Workstation.objects.filter(is_model=True).exists():
        return
    # The busiest community of the demo, and the first of two other streets.
    chosen = [city.communities[0]]
    for street in city.streets[2:5:2]:
        chosen += [c for c in city.communities if c.parent_id == street.pk][:1]
    Workstation.objects.filter(community__in=chosen[:MODEL_STATIONS]).update(is_model=True)


def _typical(city) -> list[Showcase]:
    if Showcase.objects.exists():
        return list(Showcase.objects.all())
    with_photo = {
        kind: Exists(Attachment.objects.filter(case=OuterRef("pk"), kind=kind))
        for kind in (PhotoKind.BEFORE, PhotoKind.AFTER)
    }
    found = (
        Case.objects.filter(
            *with_photo.values(),
            status=Status.CLOSED,
            category__code__in=list(STORIES),
            area_path__startswith=city.county.path,
        )
        .select_related("category")
        .order_by("-closed_at")[:400]
    )
    made: list[Showcase] = []
    used_classes, used_places = set(), set()
    for case in found:
        code, where = case.category.code, path_codes(case.area_path)[:4]  # type: ignore[union-attr]
        if code in used_classes or tuple(where) in used_places or len(made) >= TYPICAL:
            continue
        used_classes.add(code)
        used_places.add(tuple(where))
        made.append(_publish(city, case, STORIES[code]))
    return made


def _publish(city, case: Case, story) -> Showcase:
    photos = list(case.attachments.order_by("uploaded_at", "pk"))
    before = next(p.pk for p in photos if p.kind == PhotoKind.BEFORE)
    after = next(p.pk for p in photos if p.kind == PhotoKind.AFTER)
    street = next(s for s in city.streets if case.area_path.startswith(s.path))
    title, problem, solution, result = story
    made = showcase.save(
        case=case,
        actor=city.dispatchers[street.pk],
        title=title,
        problem=problem,
        solution=solution,
        result=result,
        before=before,
        after=after,
        publish=True,
    )
    # Written up a few days after closing, as a bureau does when it compiles its cases.
    when = min((case.closed_at or timezone.now()) + timedelta(days=3), timezone.now())
    Showcase.objects.filter(pk=made.pk).update(published_at=when, created_at=when, updated_at=when)
    return made
