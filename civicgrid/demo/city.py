"""A demo city on real division codes: synthetic grids, departments, staff and their roles.

The same builder makes the small city of the test suite and the demo city of `make run`.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from shapely.geometry import box, mapping, shape
from shapely.ops import unary_union

from civicgrid.areas.choices import Level
from civicgrid.areas.divisions import county_rows, import_rows
from civicgrid.areas.models import Area, KnownAddress
from civicgrid.areas.places import index as place_index
from civicgrid.areas.places import normalise
from civicgrid.catalog.models import Category, Responsibility
from civicgrid.community.demo import seed as seed_community
from civicgrid.intake.models import HotlineSource
from civicgrid.people.choices import DepartmentKind
from civicgrid.people.models import Department, RoleAssignment, StaffProfile, Workstation
from civicgrid.people.roles import ensure_roles

DEMO_PASSWORD = "demo1234"
COUNTY = "360702"  # 赣州市章贡区
HOTLINE_SOURCE = "章贡区 12345"  # its ledger in the default layout (intake/models.py)
ORIGIN = (114.905, 25.875)  # north-west corner of the synthetic lattice (WGS-84)
CELL = (0.006, 0.005)  # one community, about 600 m x 550 m
COLUMNS = 10

DEPARTMENTS = [
    ("sanitation", "区环卫所", DepartmentKind.SANITATION),
    ("landscaping", "区园林所", DepartmentKind.LANDSCAPING),
    ("municipal", "区市政设施管理所", DepartmentKind.MUNICIPAL),
    ("housing", "区住房和城乡建设局", DepartmentKind.HOUSING),
    ("gas", "赣州燃气公司", DepartmentKind.GAS),
    ("water", "赣州水务公司", DepartmentKind.WATER),
    ("enforcement1", "城管执法一中队", DepartmentKind.ENFORCEMENT),
    ("enforcement2", "城管执法二中队", DepartmentKind.ENFORCEMENT),
    ("traffic", "交警章贡大队", DepartmentKind.TRAFFIC),
    ("power", "章贡供电公司", DepartmentKind.POWER),
]

# (category reference, department code): the district-wide responsibility matrix.
MATRIX = [
    ("", "sanitation"),
    ("component:01", "municipal"),
    ("component:01001", "water"),
    ("component:01011", "gas"),
    ("component:01028", "power"),
    ("component:02", "traffic"),
    ("component:03", "sanitation"),
    ("component:04", "landscaping"),
    ("matter:06", "sanitation"),
    ("matter:06013", "municipal"),
    ("matter:06017", "landscaping"),
    ("matter:06021", "landscaping"),
    ("matter:06022", "landscaping"),
    ("matter:06001", "enforcement1"),
    ("matter:06027", "enforcement1"),
    ("matter:06029", "enforcement1"),
    ("matter:07", "enforcement1"),
    ("matter:08", "housing"),
    ("matter:09", "enforcement1"),
    ("matter:09009", "traffic"),
]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
)
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "华",
    "平",
    "刚",
    "桂英",
    "建华",
    "志强",
    "海燕",
    "晓东",
    "文博",
    "雨涵",
]


@dataclass
class City:
    """What a built city holds, for tests and for the history generator."""

    county: Area
    streets: list[Area]
    communities: list[Area]
    grids: list[Area]
    departments: dict[str, Department]
    users: dict[str, object] = field(default_factory=dict)
    grid_workers: dict[int, object] = field(default_factory=dict)  # community pk -> user
    heads: dict[int, object] = field(default_factory=dict)  # community pk -> user
    dispatchers: dict[int, object] = field(default_factory=dict)  # street pk -> user
    handlers: dict[str, list] = field(default_factory=dict)  # department code -> users


def person_name(i: int) -> str:
    return SURNAMES[i * 7 % len(SURNAMES)] + GIVEN[i * 11 % len(GIVEN)]


def short_name(community: Area) -> str:
    """西津路居委会 -> 西津路, 金岭路社区居委会 -> 金岭路: the everyday name of a community
    (names built on it add 社区 back, so it must not be there twice)."""
    name = community.name.removesuffix("社区居民委员会").removesuffix("居委会")
    name = name.removesuffix("村民委员会").removesuffix("村委会")
    return name.removesuffix("社区") or name


def _polygon(geom) -> dict:
    return mapping(geom)


@transaction.atomic
def build_city(
    *, streets: int = 7, communities_per_street: int | None = None, grids_per_community: int = 2
) -> City:
    """Import the county, lay grids over its first streets, add departments, staff and roles."""
    import_rows(county_rows(COUNTY))
    county = Area.objects.get(code=COUNTY)
    chosen_streets = list(Area.objects.filter(parent=county).order_by("code")[:streets])
    communities, grids, index = [], [], 0
    for street in chosen_streets:
        members = list(Area.objects.filter(parent=street).order_by("code"))
        members = members[:communities_per_street] if communities_per_street else members
        cells = []
        for community in members:
            row, col = divmod(index, COLUMNS)
            index += 1
            west, north = ORIGIN[0] + col * CELL[0], ORIGIN[1] - row * CELL[1]
            cell = box(west, north - CELL[1], west + CELL[0], north)
            cells.append(cell)
            community.boundary, community.centroid_lng = _polygon(cell), None
            community.save()
            communities.append(community)
            width = CELL[0] / grids_per_community
            for k in range(grids_per_community):
                strip = box(west + k * width, north - CELL[1], west + (k + 1) * width, north)
                grid, _ = Area.objects.update_or_create(
                    code=f"{community.code}{k + 1:03d}",
                    defaults={
                        "name": f"{short_name(community)}第{k + 1}网格",
                        "level": Level.GRID,
                        "parent": community,
                        "boundary": _polygon(strip),
                        "centroid_lng": None,
                    },
                )
                grids.append(grid)
        street.boundary, street.centroid_lng = _polygon(unary_union(cells)), None
        street.save()
    departments = {
        code: Department.objects.update_or_create(
            code=code,
            defaults={"name": name, "kind": kind, "area": county, "phone": "0797-8" + f"{i:06d}"},
        )[0]
        for i, (code, name, kind) in enumerate(DEPARTMENTS)
    }
    for ref, dept in MATRIX:
        category = None
        if ref:
            kind, code = ref.split(":")
            category = Category.objects.filter(kind=kind, code=code).first()
            if category is None:
                continue
        Responsibility.objects.update_or_create(
            category=category, area=county, defaults={"department": departments[dept]}
        )
    # The second enforcement squad covers the later streets.
    for street in chosen_streets[len(chosen_streets) // 2 :]:
        for ref in ("matter:09", "matter:07", "matter:06001"):
            kind, code = ref.split(":")
            category = Category.objects.filter(kind=kind, code=code).first()
            if category:
                Responsibility.objects.update_or_create(
                    category=category,
                    area=street,
                    defaults={"department": departments["enforcement2"]},
                )
    city = City(county, chosen_streets, communities, grids, departments)
    _addresses(city)
    HotlineSource.objects.get_or_create(name=HOTLINE_SOURCE, defaults={"area": county})
    _staff(city)
    seed_community(city)
    return city


COMPOUNDS = ["锦绣花园", "阳光小区", "和谐家园", "翠苑", "明珠大厦", "滨江苑", "幸福里", "书香门第"]


def _addresses(city: City) -> None:
    """A standard address table (标准地址库) for the demo: house numbers along each community's
    road and a few residential compounds per grid, each with a point inside its grid."""
    rows = []
    for n, grid in enumerate(city.grids):
        assert grid.parent is not None
        road = short_name(grid.parent)  # communities are named after their road: 西津路
        west, south, east, north = shape(grid.boundary).bounds
        k = int(grid.code[-3:]) - 1  # each grid a run of odd house numbers: 1-11, 21-31...
        texts = [f"{road}{20 * k + 2 * j + 1}号" for j in range(6)]
        texts += [f"{road}{COMPOUNDS[(n * 3 + j) % len(COMPOUNDS)]}" for j in range(3)]
        for j, text in enumerate(texts):
            rows.append(
                KnownAddress(
                    text=text,
                    normalised=normalise(text),
                    area=grid,
                    lng=round(west + (east - west) * (j + 1) / (len(texts) + 1), 6),
                    lat=round(south + (north - south) * (0.3 + 0.4 * (j % 2)), 6),
                )
            )
    KnownAddress.objects.bulk_create(rows, ignore_conflicts=True)
    place_index.invalidate()  # bulk_create sends no post_save


def _user(
    city: City,
    username: str,
    name: str,
    title: str,
    *,
    role=None,
    area=None,
    department=None,
    workstation=None,
    duty="",
    superuser=False,
):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        # One hash for every demo login: hashing is deliberately slow, hundreds of times over.
        if "hash" not in _password:
            _password["hash"] = make_password(DEMO_PASSWORD)
        user = User(username=username, is_staff=superuser, is_superuser=superuser)
        user.password = _password["hash"]
        user.save()
    StaffProfile.objects.update_or_create(
        user=user,
        defaults={
            "name": name,
            "title": title,
            "duty": duty,
            "department": department,
            "workstation": workstation,
            "on_roster": workstation is not None,
            "phone": f"1390797{len(city.users):04d}",
        },
    )
    if role is not None:
        RoleAssignment.objects.get_or_create(user=user, role=role, area=area, department=department)
    city.users[username] = user
    return user


_password: dict = {}


def _staff(city: City) -> None:
    roles = ensure_roles()
    n = 0
    _user(city, "admin", "系统管理员", "管理员", superuser=True)
    _user(city, "leader", "周建国", "区城管局局长", role=roles["leader"], area=city.county)
    _user(
        city, "dispatcher", "陈思远", "区指挥中心派遣员", role=roles["dispatcher"], area=city.county
    )
    for i, street in enumerate(city.streets):
        n += 1
        city.dispatchers[street.pk] = _user(
            city,
            f"dispatcher{i + 1}",
            person_name(n),
            "街道受理员",
            role=roles["dispatcher"],
            area=street,
            duty=f"{street.name}案件受理派遣",
        )
    for i, community in enumerate(city.communities):
        station, _ = Workstation.objects.update_or_create(
            community=community,
            defaults={
                "name": f"{short_name(community)}社区城管工作站",
                "address": f"{community.name}党群服务中心一楼",
                "hours": "周一至周五 8:30-12:00，14:30-17:30",
                "phone": f"0797-82{i:05d}",
            },
        )
        n += 1
        city.heads[community.pk] = _user(
            city,
            f"head{i + 1}",
            person_name(n),
            "工作站站长",
            role=roles["station_head"],
            area=community,
            workstation=station,
            duty="工作站日常管理、案件先行处置与上报",
        )
        n += 1
        city.grid_workers[community.pk] = _user(
            city,
            f"grid{i + 1}",
            person_name(n),
            "网格员",
            role=roles["grid_worker"],
            area=community,
            workstation=station,
            duty="每日巡查、发现上报、随手办、现场核查",
        )
    for code, dept in city.departments.items():
        role = roles["officer"] if dept.kind == DepartmentKind.ENFORCEMENT else roles["handler"]
        title = "执法队员" if dept.kind == DepartmentKind.ENFORCEMENT else "处置人员"
        city.handlers[code] = []
        for k in range(2):
            n += 1
            city.handlers[code].append(
                _user(
                    city,
                    f"{code}{k + 1}",
                    person_name(n),
                    title,
                    role=role,
                    department=dept,
                    duty=f"{dept.name}案件处置",
                )
            )
