"""The area tree over the REST API: walk it by parent, search it by name, one area's boundary."""

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area, path_codes
from civicgrid.lib.apischema import Text, responses, unknown_query
from civicgrid.lib.cached import Versioned
from civicgrid.lib.codes import AREA_RE
from civicgrid.lib.etags import Encoded, answer

router = Router(tags=["areas"])
SEARCH_LIMIT = 50


class AreaOut(Schema):
    code: str = Field(description="区划代码")
    name: str
    level: int = Field(description="1 市、2 区县、3 街道、4 社区、5 网格")
    level_label: str
    parent: str | None = Field(description="上级的区划代码")
    path: list[str] = Field(description="从根到本区域的区划代码")
    children: int = Field(description="下级区域数")
    centroid: list[float] | None = Field(description="中心点 [经度, 纬度]（WGS-84）")


class AreaDetail(AreaOut):
    geometry: dict | None = Field(
        None, description="边界（GeoJSON 几何，WGS-84）；仅在 geometry=true 时给出"
    )


class AreaList(Schema):
    items: list[AreaOut]


class AreaQuery(Schema):
    model_config = ConfigDict(extra="forbid")

    parent: str | None = Field(
        None, pattern=f"^{AREA_RE}$", description="列出该区域的下级；不填时列出最上级"
    )
    q: Text | None = Field(
        None, min_length=1, max_length=50, description="按名称搜索（最多 50 个结果），不看 parent"
    )


class Tree:
    """Every area without its boundary, by code and by parent, read in one query."""

    def __init__(self) -> None:
        rows = Area.objects.order_by("path").values_list(
            "code", "name", "level", "parent__code", "path", "centroid_lng", "centroid_lat"
        )
        self.rows: dict[str, tuple] = {}
        self.children: dict[str | None, list[str]] = {}
        for row in rows:
            self.rows[row[0]] = row
            self.children.setdefault(row[3], []).append(row[0])
        self.encoded: dict = {}  # (parent, language) -> Encoded

    def out(self, code: str) -> dict:
        code, name, level, parent, path, lng, lat = self.rows[code]
        return {
            "code": code,
            "name": name,
            "level": level,
            "level_label": str(Level(level).label),
            "parent": parent,
            "path": path_codes(path),
            "children": len(self.children.get(code, ())),
            "centroid": [lng, lat] if lng is not None and lat is not None else None,
        }


# Dropped whenever an area is saved or deleted (areas/signals.py).
tree = Versioned("api-areas", Tree)


def _not_found(code: str) -> Http404:
    return Http404(_("找不到区划代码为 %(code)s 的区域") % {"code": code})


@router.get(
    "/areas",
    response=responses(AreaList, 404),
    summary="区域树（逐级展开或按名称搜索）",
    description="不带参数时列出最上级区域；parent=区划代码 列出其下级；q=名称 按名称搜索。"
    "答复带 ETag，放进 If-None-Match 重新请求，区域未变时答复 304。不含边界。",
)
def list_areas(request, query: Query[AreaQuery]):
    """The children of `parent` (the top level without it), or the areas whose name holds `q`.
    Lists carry an ETag: send it back in If-None-Match to get 304 while the tree is unchanged."""
    if unknown := unknown_query(request, AreaQuery):
        return Status(422, unknown)
    built: Tree = tree.get()
    if query.q:
        needle = query.q.strip()
        found = [c for c, row in built.rows.items() if needle and needle in row[1]]
        return {"items": [built.out(c) for c in found[:SEARCH_LIMIT]]}
    if query.parent is not None and query.parent not in built.rows:
        raise _not_found(query.parent)
    key = (query.parent, translation.get_language())
    if (encoded := built.encoded.get(key)) is None:
        items = [built.out(c) for c in built.children.get(query.parent, ())]
        encoded = built.encoded[key] = Encoded({"items": items})
    return answer(request, encoded)


@router.get(
    "/areas/{code}",
    response=responses(AreaDetail, 404),
    summary="区域详情",
    description="一个区域；geometry=true 时附带其边界（GeoJSON 几何，WGS-84）。",
)
def get_area(
    request,
    code: str = Path(..., pattern=f"^{AREA_RE}$", description="区划代码"),
    geometry: bool = False,
):
    """One area; with geometry=true also its boundary as GeoJSON (a grid's is small, a
    district's may be large)."""
    built: Tree = tree.get()
    if code not in built.rows:
        raise _not_found(code)
    body = built.out(code)
    if geometry:
        body["geometry"] = Area.objects.filter(code=code).values_list("boundary", flat=True)[0]
    return body
