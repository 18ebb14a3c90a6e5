"""The catalog over the REST API: the class tree, major -> minor, with aliases and time limits."""

from django.utils import translation
from ninja import Router, Schema
from pydantic import Field

from civicgrid.catalog.choices import Kind, Stage, Unit, Urgency
from civicgrid.catalog.models import Category
from civicgrid.catalog.timelimits import limit_for
from civicgrid.lib.apischema import responses
from civicgrid.lib.cached import Versioned
from civicgrid.lib.etags import Encoded, answer

router = Router(tags=["catalog"])


class Limit(Schema):
    amount: int
    unit: str = Field(description="work_hour 工作时、work_day 工作日、hour、day、minute")
    label: str = Field(description="如“3工作日”")


class CategoryOut(Schema):
    ref: str = Field(description="上报时 category 填的值：kind:code")
    kind: str
    kind_label: str
    code: str
    name: str
    aliases: list[str]
    help_text: str
    time_limits: dict[str, dict[str, Limit]] = Field(
        description="各紧急程度（normal、urgent）下各阶段（accept、dispatch、handle、verify）的时限"
    )
    children: list["CategoryOut"] = Field(description="小类（大类才有）")


class CategoryTree(Schema):
    items: list[CategoryOut] = Field(description="大类，按类型和编码排序")


def _limits(category) -> dict:
    units = dict(Unit.choices)
    found: dict[str, dict] = {}
    for urgency in Urgency.values:
        for stage in Stage.values:
            if limit := limit_for(category, urgency, stage):
                amount, unit = limit
                entry = {"amount": amount, "unit": unit, "label": f"{amount}{units[unit]}"}
                found.setdefault(urgency, {})[stage] = entry
    return found


def _out(category, kinds) -> dict:
    return {
        "ref": f"{category.kind}:{category.code}",
        "kind": category.kind,
        "kind_label": kinds[category.kind],
        "code": category.code,
        "name": category.name,
        "aliases": [a.strip() for a in category.aliases.split("、") if a.strip()],
        "help_text": category.help_text,
        "time_limits": _limits(category),
        "children": [],
    }


def tree() -> list[dict]:
    """The active classes as a tree (majors with their minors), in catalog order."""
    kinds = {k: str(label) for k, label in Kind.choices}
    majors: dict[int, dict] = {}
    minors = []
    for category in Category.objects.filter(active=True).order_by("kind", "code"):
        if category.parent_id is None:
            majors[category.pk] = _out(category, kinds)
        else:
            minors.append(category)
    for category in minors:
        assert category.parent_id is not None  # a minor class, as sorted above
        if (major := majors.get(category.parent_id)) is not None:
            major["children"].append(_out(category, kinds))
    return list(majors.values())


# Per language: the labels are translated. Dropped when a class or a time limit changes.
encoded = Versioned("api-categories", dict)


@router.get(
    "/categories",
    response=responses(CategoryTree),
    summary="案件分类目录",
    description="启用的分类：大类及其小类，含别名、说明和各紧急程度下各阶段的时限。"
    "上报时 category 填小类的 ref（或编码）。答复带 ETag，放进 If-None-Match 重新请求，"
    "目录未变时答复 304。",
)
def categories(request):
    """The catalog tree with each class's time limits. Send back the ETag in If-None-Match to
    get 304 while the catalog is unchanged."""
    memo = encoded.get()
    language = translation.get_language()
    if (found := memo.get(language)) is None:
        found = memo[language] = Encoded({"items": tree()})
    return answer(request, found)
