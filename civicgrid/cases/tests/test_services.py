"""Opening a case (`services.report`) and reading what is private about it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from civicgrid.areas import geo
from civicgrid.areas.lookup import locate_grid
from civicgrid.cases import services
from civicgrid.cases.models import Attachment, Case, CaseEvent, ContactView
from civicgrid.cases.tests.helpers import category, new_case
from civicgrid.cases.workflow import InvalidInput, NotAllowed
from civicgrid.demo.photos import photo

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def grid_of(city, community=0, index=0):
    grid = [g for g in city.grids if g.parent_id == city.communities[community].pk][index]
    grid.refresh_from_db()
    return grid


def report(**kwargs):
    defaults = dict(channel="qr", description="人行道上有共享单车乱停乱放", category=category())
    defaults.update(kwargs)
    return services.report(**defaults)


# --- placing the case -------------------------------------------------------------------------


def test_it_places_a_wgs84_point_into_its_grid(city):
    for community, index in [(0, 0), (0, 1), (3, 1)]:
        grid = grid_of(city, community, index)
        case = report(lng=grid.centroid_lng, lat=grid.centroid_lat)
        assert case.grid == grid
        assert case.area_path == grid.path
        assert case.coord_source == geo.WGS84


@pytest.mark.parametrize("system", [geo.GCJ02, geo.BD09])
def test_it_converts_map_coordinates_to_wgs84_before_the_lookup(city, system):
    grid = grid_of(city, 0, 1)
    lng, lat = geo.from_wgs84(grid.centroid_lng, grid.centroid_lat, system)
    # The offsets are hundreds of metres, wider than a grid: read as GPS this point is elsewhere.
    assert locate_grid(lng, lat) != grid
    case = report(lng=lng, lat=lat, coord_system=system)
    case.refresh_from_db()
    assert case.grid == grid
    assert case.coord_source == system
    # What is stored is the WGS-84 point, back within a few centimetres of the centre.
    assert case.lng == pytest.approx(grid.centroid_lng, abs=1e-6)
    assert case.lat == pytest.approx(grid.centroid_lat, abs=1e-6)


def test_it_refuses_an_unknown_coordinate_system_in_chinese(city):
    grid = grid_of(city)
    with pytest.raises(InvalidInput, match="未知坐标系"):
        report(lng=grid.centroid_lng, lat=grid.centroid_lat, coord_system="mercator")


def test_it_refuses_a_point_outside_every_grid_without_a_community(city):
    before = Case.objects.count()
    with pytest.raises(InvalidInput, match="无法确定问题所在位置"):
        report(lng=116.397, lat=39.909)  # Tiananmen, far from the small city
    with pytest.raises(InvalidInput, match="无法确定问题所在位置"):
        report()  # no point at all
    assert Case.objects.count() == before


def test_it_refuses_a_point_outside_the_community_and_every_grid(city):
    community = city.communities[2]
    # Beijing, reported from a Ganzhou community's QR code: never filed there with that point.
    with pytest.raises(services.OutsideArea, match="不在.*范围内"):
        report(lng=116.397, lat=39.909, community=community)
    assert not Case.objects.exists()
    hotline = report(channel="hotline", community=community)  # a call with no point
    assert hotline.grid is None and hotline.area_path == community.path


def test_it_keeps_a_point_in_a_community_of_unknown_extent(city):
    from civicgrid.areas.models import Area

    # No boundary and no grids drawn: nothing says the point is outside, as before.
    bare = Area.objects.create(code="360702999", name="新建社区", level=4, parent=city.streets[0])
    case = report(lng=116.397, lat=39.909, community=bare)
    assert case.grid is None and case.area_path == bare.path and case.lng == 116.397


def test_it_prefers_the_grid_of_the_point_over_the_given_community(city):
    grid = grid_of(city, 0)
    case = report(lng=grid.centroid_lng, lat=grid.centroid_lat, community=city.communities[3])
    assert case.grid == grid and case.area_path == grid.path


# --- the reporter's phone -----------------------------------------------------------------


@pytest.mark.parametrize("bad", ["12345", "1381234567", "23812345678", "138123456789", "电话"])
def test_it_refuses_a_bad_mobile_number_in_chinese(city, bad):
    before = Case.objects.count()
    with pytest.raises(InvalidInput, match="请填写正确的 11 位手机号码"):
        new_case(city, reporter_phone=bad)
    assert Case.objects.count() == before


@pytest.mark.parametrize("given", ["+86 138-1234-5678", "138 1234 5678", "13812345678"])
def test_it_normalises_a_mobile_number(city, given):
    case = new_case(city, reporter_phone=given)
    case.refresh_from_db()
    assert case.reporter_phone == "13812345678"


def test_it_masks_the_phone_number(city):
    assert new_case(city, reporter_phone="13812345678").masked_phone == "138****5678"
    assert new_case(city, reporter_phone="").masked_phone == ""


def test_it_reveals_the_full_phone_only_to_the_allowed_and_logs_every_look(city, people):
    case = new_case(city, reporter_phone="+86 138-1234-5678")
    with pytest.raises(NotAllowed, match="完整联系方式"):
        services.reveal_phone(case=case, user=people.grid_worker)
    assert not ContactView.objects.filter(case=case).exists()
    assert services.reveal_phone(case=case, user=people.station_head) == "13812345678"
    assert services.reveal_phone(case=case, user=people.station_head) == "13812345678"
    views = ContactView.objects.filter(case=case)
    assert views.count() == 2
    assert set(views.values_list("user", flat=True)) == {people.station_head.pk}


def test_it_refuses_the_phone_to_staff_of_another_street(city, people):
    case = new_case(city, community=0)
    with pytest.raises(NotAllowed):
        services.reveal_phone(case=case, user=city.heads[city.communities[3].pk])
    assert not ContactView.objects.filter(case=case).exists()


# --- photos -----------------------------------------------------------------------------------


def exif_with_gps() -> bytes:
    """Camera EXIF with a GPS fix on the small city and an orientation to honour."""
    exif = Image.Exif()
    exif[0x010F] = "TestPhone"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", (25.0, 52.0, 21.0)
    gps[3], gps[4] = "E", (114.0, 54.0, 30.0)
    return exif.tobytes()


def stored_image(attachment: Attachment) -> Image.Image:
    with attachment.image.open("rb") as f:
        return Image.open(io.BytesIO(f.read()))


def test_it_strips_exif_and_gps_from_an_uploaded_photo(city):
    upload = photo(exif=exif_with_gps(), size=(320, 240))
    original = Image.open(io.BytesIO(upload.read()))
    assert original.getexif().get_ifd(GPS_IFD)  # the upload does carry a GPS position
    upload.seek(0)
    case = new_case(city, photos=[upload])
    attachment = case.attachments.get()
    assert attachment.kind == "before"
    assert attachment.event == case.events.get(action="report")
    stored = stored_image(attachment)
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}
    assert not stored.getexif().get_ifd(GPS_IFD)
    assert "exif" not in stored.info
    assert stored.size == (240, 320)  # the orientation was applied before it was dropped


def test_it_drops_a_jpeg_comment_that_could_carry_a_location(city):
    source = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 120, 100)).save(
        source, "JPEG", comment="GPS 25.8725N 114.9065E 幸福小区3栋".encode()
    )
    upload = SimpleUploadedFile("with-comment.jpg", source.getvalue(), content_type="image/jpeg")
    case = new_case(city, photos=[upload])
    stored = stored_image(case.attachments.get())
    assert "comment" not in stored.info


def test_it_refuses_a_file_that_is_not_an_image_and_opens_no_case(city):
    fake = SimpleUploadedFile("x.jpg", b"this is not a photo\n" * 20, content_type="image/jpeg")
    before = (Case.objects.count(), CaseEvent.objects.count(), Attachment.objects.count())
    with pytest.raises(InvalidInput, match="不是可识别的图片"):
        new_case(city, photos=[photo(), fake])
    after = (Case.objects.count(), CaseEvent.objects.count(), Attachment.objects.count())
    assert after == before


def test_it_takes_nine_photos_and_refuses_a_tenth(city):
    nine = [photo(seed=i, size=(40, 30)) for i in range(9)]
    case = new_case(city, photos=nine)
    assert case.attachments.count() == 9
    before = Case.objects.count()
    ten = [photo(seed=i, size=(40, 30)) for i in range(10)]
    with pytest.raises(InvalidInput, match="最多上传 9 张照片"):
        new_case(city, photos=ten)
    assert Case.objects.count() == before


# --- idempotent submissions -----------------------------------------------------------------


def test_it_returns_the_same_case_for_the_same_client_key(city):
    first = new_case(city, client_key="form-7f3a2c", photos=[photo()])
    again = new_case(city, client_key="form-7f3a2c", photos=[photo()])
    assert again.pk == first.pk and again.code == first.code
    assert Case.objects.count() == 1
    assert CaseEvent.objects.filter(case=first).count() == 1
    assert Attachment.objects.filter(case=first).count() == 1
    other = new_case(city, client_key="form-9b1d04")
    assert other.pk != first.pk


def test_it_requires_a_description_of_at_least_four_characters(city):
    with pytest.raises(InvalidInput, match="至少 4 个字"):
        new_case(city, description="  垃圾  ")


def test_it_refuses_a_report_from_staff_without_the_report_action(city, people):
    with pytest.raises(NotAllowed, match="上报案件"):
        new_case(city, actor=people.handler)  # a sanitation handler does not report
    case = new_case(city, actor=people.grid_worker, channel="grid")
    assert case.events.get().actor == people.grid_worker


def test_a_report_keeps_its_request_type_and_refuses_an_unknown_one(city):
    from civicgrid.cases.choices import RequestType

    community = city.communities[0]
    case = services.report(
        channel="hotline",
        description="咨询垃圾分类时间",
        community=community,
        request_type=RequestType.CONSULT,
    )
    assert case.request_type == "consult" and case.get_request_type_display() == "咨询"
    with pytest.raises(services.InvalidInput, match="诉求类型"):
        services.report(
            channel="hotline",
            description="路灯不亮了啊",
            community=community,
            request_type="gossip",
        )


def test_a_channels_details_are_kept_on_the_report_event(city):
    details = {"order": "GD2026120300017", "unit": "西津街道"}
    case = services.report(
        channel="hotline",
        description="楼下烧烤油烟扰民",
        community=city.communities[0],
        details=details,
    )
    assert case.events.get(action="report").data["details"] == details
