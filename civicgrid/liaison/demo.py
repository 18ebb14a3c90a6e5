"""Two property companies with estates in the demo communities, a month of liaison meetings,
their agreed actions (a few overdue) and 物业履职 checks."""

from datetime import timedelta

from django.utils import timezone

from civicgrid.liaison import services
from civicgrid.liaison.choices import ActionStatus, Party
from civicgrid.liaison.models import Estate, PropertyCompany

COMPANIES = [
    ("赣州恒安物业服务有限公司", "91360702MA35K8Q21X", "刘经理", "13907970121"),
    ("江西章江物业管理有限公司", "91360702MA38B6T47Y", "钟主任", "13807970356"),
]
ESTATES = ["锦江花园", "滨江华府", "文清苑", "章江新村", "阳明小区", "南门口小区"]
MEETINGS = [
    (
        -24,
        [Party.COMMITTEE, Party.PROPERTY, Party.OWNERS],
        "社区书记、物业项目经理、业委会主任、工作站站长",
        "议定：小区东门外占道经营由工作站牵头劝导；物业负责门岗登记与楼道杂物清理；"
        "业委会负责在业主群发布通知。",
        [
            ("清理 1-6 栋楼道堆放杂物", Party.PROPERTY, 10, ActionStatus.DONE),
            ("东门外流动摊贩劝导", Party.STATION, 7, ActionStatus.DONE),
            ("修复地下车库入口破损道闸", Party.PROPERTY, 12, ActionStatus.OPEN),
        ],
    ),
    (
        -9,
        [Party.COMMITTEE, Party.PROPERTY],
        "社区主任、物业客服主管、网格员",
        "议定：小区内违规搭建的雨棚由物业告知业主限期自拆；垃圾分类投放点增设照明。",
        [
            ("告知 3 栋违规雨棚业主限期自拆", Party.PROPERTY, 3, ActionStatus.OPEN),
            ("垃圾投放点增设照明", Party.PROPERTY, 15, ActionStatus.OPEN),
            ("业主群发布垃圾分类时段通知", Party.OWNERS, 2, ActionStatus.DONE),
        ],
    ),
]


def seed(city) -> list:
    if PropertyCompany.objects.filter(name=COMPANIES[0][0]).exists():
        return []
    today = timezone.localdate()
    companies = [
        PropertyCompany.objects.create(
            area=city.county, name=n, licence=lic, contact=who, phone=phone
        )
        for n, lic, who, phone in COMPANIES
    ]
    estates = []
    for i, name in enumerate(ESTATES):
        community = city.communities[i % min(4, len(city.communities))]
        estates.append(
            Estate.objects.create(
                company=companies[i % 2],
                community=community,
                name=name,
                address=f"{community.name}{name}路{8 + i * 3}号",
                lng=community.centroid_lng,
                lat=community.centroid_lat,
            )
        )
    made = []
    for n, community in enumerate(city.communities[:2]):
        head = city.heads[community.pk]
        estate = next(e for e in estates if e.community_id == community.pk)
        for days, parties, attendees, minutes, actions in MEETINGS:
            meeting = services.create_meeting(
                actor=head,
                community=community,
                estate=estate,
                held_on=today + timedelta(days=days + n),
                parties=parties,
                attendees=attendees,
                minutes=minutes,
            )
            for text, owner, within, status in actions:
                action = services.add_action(
                    actor=head,
                    meeting=meeting,
                    text=text,
                    owner=owner,
                    deadline=meeting.held_on + timedelta(days=within),
                )
                services.set_status(actor=head, action=action, status=status)
            made.append(meeting)
        for back, fulfilled, note in [
            (20, True, "楼道杂物已清理，消防通道畅通。"),
            (6, False, "地下车库道闸仍未修复，车辆随意进出。"),
            (2, True, "门岗登记落实，外来摊贩未再进入小区。"),
        ]:
            services.record_duty(
                actor=head,
                estate=estate,
                checked_on=today - timedelta(days=back),
                fulfilled=fulfilled,
                note=note,
            )
    return made
