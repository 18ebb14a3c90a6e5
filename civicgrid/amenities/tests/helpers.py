"""Places of the small test city, put where a test wants them."""

import io

import xlsxwriter
from shapely.geometry import shape

from civicgrid.amenities.choices import Kind
from civicgrid.amenities.models import Amenity


def centre(community) -> tuple[float, float]:
    point = shape(community.boundary).representative_point()
    return point.x, point.y


def place(community, *, kind=Kind.TOILET, name="", dx=0.0, dy=0.0, **extra) -> Amenity:
    """A place `dx`, `dy` degrees from the community's centre."""
    lng, lat = centre(community)
    fields = {"hours": "全天开放", "address": "测试路 1 号", **extra}
    return Amenity.objects.create(
        kind=kind,
        name=name or f"{community.name}{kind}{dx}{dy}",
        community=community,
        lng=round(lng + dx, 7),
        lat=round(lat + dy, 7),
        **fields,
    )


def workbook(rows: list[list], header=None) -> io.BytesIO:
    """An .xlsx upload with the import's header (or another) and rows."""
    header = header or [
        "类型",
        "名称",
        "所属社区",
        "地址",
        "经度",
        "纬度",
        "坐标系",
        "开放时间",
        "设施说明",
        "状态",
    ]
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, header)
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    book.close()
    out.seek(0)
    out.name = "便民设施.xlsx"
    return out
