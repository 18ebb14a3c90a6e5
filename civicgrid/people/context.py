"""The staff header: each person sees the pages of their job, grouped into a few menus."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from civicgrid.people import actions as A
from civicgrid.people.scopes import can

EVERYONE: tuple[str, ...] = ()  # any signed-in staff member
SUPERVISE = (A.CASE_URGE, A.CASE_ESCALATE, A.CASE_EXTENSION)

# (menu, [(link, URL name, any of these actions shows it)]), in the order shown.
MENUS: list[tuple[StrOrPromise, list[tuple[StrOrPromise, str, tuple[str, ...]]]]] = [
    (
        _("案件"),
        [
            (_("案件列表"), "cases:case-list", EVERYONE),
            (_("地图"), "cases:case-map", EVERYONE),
            (_("督办"), "cases:supervision-queue", SUPERVISE),
            (_("吹哨报到"), "cases:whistle-board", (A.CASE_WHISTLE, A.CASE_HANDLE)),
        ],
    ),
    (
        _("受理渠道"),
        [
            (_("12345 工单"), "intake:hotline-list", (A.HOTLINE_IMPORT,)),
            (_("意见征集"), "consult:manage-list", (A.CONSULT_MANAGE, A.CONSULT_VIEW)),
            (_("社区二维码海报"), "community:poster-list", (A.COMMUNITY_POSTER,)),
            (_("便民地图"), "amenities:manage-list", (A.AMENITY_MANAGE,)),
        ],
    ),
    (
        _("外勤"),
        [
            (_("我的任务"), "field:task-list", (A.CASE_HANDLE, A.CASE_VERIFY)),
            (_("巡查签到"), "field:patrol", (A.FIELD_PATROL,)),
            (_("巡查地图"), "field:patrol-map", (A.FIELD_COMPLIANCE,)),
            (_("履职统计"), "field:compliance", (A.FIELD_COMPLIANCE,)),
            (_("任务下派"), "field:assignment-board", (A.TASK_ASSIGN,)),
            (_("专项行动"), "field:campaign-list", (A.CAMPAIGN_MANAGE,)),
            (_("门前三包"), "shops:shop-list", (A.SHOP_INSPECT, A.SHOP_MANAGE)),
        ],
    ),
    (
        _("工作站"),
        [
            (_("工作站覆盖"), "stations:coverage", (A.STATION_EVALUATE,)),
            (_("工作站考评"), "stations:evaluation", (A.STATION_EVALUATE,)),
            (_("典型案例"), "stations:showcase-manage", (A.SHOWCASE_MANAGE,)),
            (_("职责清单"), "duties:unit-index", (A.DUTY_MANAGE,)),
            (_("任务分解"), "duties:status-board", (A.DUTY_MANAGE, A.DUTY_REPORT)),
        ],
    ),
    (
        _("社区"),
        [
            (_("公告、活动和以案普法"), "community:desk", (A.COMMUNITY_PUBLISH,)),
            (_("议事会与需求清单"), "council:manage-index", (A.COUNCIL_MANAGE, A.NEED_MANAGE)),
            (_("调查问卷"), "consult:survey-list", (A.SURVEY_MANAGE,)),
            (_("志愿者与监督员"), "volunteers:volunteer-list", (A.VOLUNTEER_MANAGE,)),
            (_("培训与双报到"), "volunteers:training-list", (A.TRAINING_MANAGE,)),
            (_("物业联络"), "liaison:meeting-list", (A.LIAISON_MANAGE,)),
        ],
    ),
]
FLAT_UP_TO = 6  # links: a person with this few sees them side by side, without menus


@dataclass(frozen=True)
class Link:
    label: StrOrPromise
    url: str


@dataclass(frozen=True)
class Menu:
    label: StrOrPromise
    links: list[Link]


def menus_for(user) -> list[Menu]:
    """The menus this user sees, each with the links their actions open; empty ones left out."""
    out = []
    for label, entries in MENUS:
        links = [
            Link(text, reverse(name))
            for text, name, held in entries
            if not held or any(can(user, a) for a in held)
        ]
        if links:
            out.append(Menu(label, links))
    return out


def nav(request):
    """The header's menus; grants are loaded once per request anyway."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    menus = menus_for(user)
    return {"menus": menus, "flat_nav": sum(len(m.links) for m in menus) <= FLAT_UP_TO}
