"""The staff pages: scope, masking, the forms' Chinese errors, the export and the public pages."""

import io
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from civicgrid.audit.models import AuditEntry, Kind
from civicgrid.cases.tests.enforcement_helpers import enforced
from civicgrid.cases.tests.helpers import new_case
from civicgrid.demo.photos import photo
from civicgrid.shops import ledger, services
from civicgrid.shops.models import Inspection, Shop, StreetChief
from civicgrid.shops.tests.helpers import licence_no, new_shop, rule

pytestmark = pytest.mark.django_db


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def test_it_lists_only_the_shops_in_scope(city, people):
    mine, theirs = new_shop(city, name="本社区小店"), new_shop(city, community=3, name="别处小店")
    page = client_of(people.grid_worker).get(reverse("shops:shop-list"))
    assert page.status_code == 200
    assert mine.name in page.text and theirs.name not in page.text
    assert client_of(people.handler).get(reverse("shops:shop-list")).status_code == 403


def test_it_filters_the_list_by_standing_and_points(city, people):
    red = new_shop(city, name="红榜小店")
    ledger.record(shop=red, rule=rule("best"), actor=people.station_head)
    new_shop(city, name="普通小店")
    client = client_of(people.station_head)
    page = client.get(reverse("shops:shop-list"), {"standing": "red"})
    assert "红榜小店" in page.text and "普通小店" not in page.text
    page = client.get(reverse("shops:shop-list"), {"points_max": "110"})
    assert "红榜小店" not in page.text and "普通小店" in page.text
    assert client.get(reverse("shops:shop-list"), {"points_min": "abc"}).status_code == 200


def test_it_answers_404_for_a_shop_out_of_scope(city, people):
    shop = new_shop(city, community=3)
    client = client_of(people.grid_worker)
    assert client.get(reverse("shops:shop-detail", args=[shop.pk])).status_code == 404
    assert client.post(reverse("shops:shop-inspect", args=[shop.pk])).status_code == 404
    assert (
        client_of(people.outsider).get(reverse("shops:shop-detail", args=[shop.pk])).status_code
        == 404
    )


def test_it_masks_the_owner_and_logs_a_full_view(city, people):
    shop = new_shop(city)
    page = client_of(people.grid_worker).get(reverse("shops:shop-detail", args=[shop.pk]))
    assert "139****5678" in page.text and "13912345678" not in page.text
    assert "王**" in page.text
    url = reverse("shops:shop-contact", args=[shop.pk])
    assert client_of(people.grid_worker).post(url).status_code == 403
    head = client_of(people.station_head)
    shown = head.post(url, follow=True)
    assert "13912345678" in shown.text
    entry = AuditEntry.objects.filter(kind=Kind.PII_VIEW).latest("seq")
    assert entry.actor == people.station_head and entry.target == f"shop:{shop.pk}"


def test_it_records_an_inspection_from_the_phone_form(city, people):
    shop = new_shop(city)
    client = client_of(people.grid_worker)
    url = reverse("shops:shop-inspect", args=[shop.pk])
    assert client.get(url).status_code == 200
    data = {"failed": [rule("clutter").pk], "score": "3", "note": "门口堆放纸箱", "photos": photo()}
    done = client.post(url, data)
    assert done.status_code == 302
    inspection = Inspection.objects.get(shop=shop)
    assert inspection.failed == ["clutter"] and inspection.photos.count() == 1
    image = client.get(
        reverse("shops:inspection-photo", args=[shop.pk, inspection.photos.get().pk])
    )
    assert image.status_code == 200
    other = client_of(people.neighbour)
    photo_url = reverse("shops:inspection-photo", args=[shop.pk, inspection.photos.get().pk])
    assert other.get(photo_url).status_code == 404


def test_it_refuses_a_bad_inspection_form_in_chinese(city, people):
    shop = new_shop(city)
    client = client_of(people.grid_worker)
    url = reverse("shops:shop-inspect", args=[shop.pk])
    page = client.post(url, {"failed": [rule("clutter").pk], "score": "3"})
    assert page.status_code == 400 and "请拍照或填写检查情况" in page.text
    page = client.post(url, {"score": "9", "lng": "x"})
    assert page.status_code == 400
    assert not Inspection.objects.exists()


def test_it_registers_a_shop_and_refuses_a_bad_licence(city, people):
    client = client_of(people.station_head)
    url = reverse("shops:shop-new")
    data = {
        "name": "新开面馆",
        "licence_no": "91350100M000100Y44",
        "business_type": "food",
        "status": "open",
        "owner_name": "李四",
        "owner_phone": "139 1234 0000",
        "address": "西津路 8 号",
        "community": city.communities[0].pk,
    }
    page = client.post(url, data)
    assert page.status_code == 400 and "校验位不正确" in page.text
    data["licence_no"] = licence_no().lower()
    done = client.post(url, data)
    assert done.status_code == 302
    shop = Shop.objects.get(name="新开面馆")
    assert shop.owner_phone == "13912340000" and shop.licence_no == data["licence_no"].upper()
    again = client.post(url, data)
    assert again.status_code == 400 and "已登记过" in again.text
    grid = city.grids[1]
    data.update(
        licence_no=licence_no(), name="定位小店", lng=grid.centroid_lng, lat=grid.centroid_lat
    )
    assert client.post(url, data).status_code == 302
    assert Shop.objects.get(name="定位小店").grid == grid  # placed in its grid by the point
    data.update(lng="", lat="1")
    assert "同时填写" in client.post(url, data).text
    data.update(licence_no=licence_no(), community=city.communities[3].pk)
    assert client.post(url, data).status_code == 400  # a community out of scope
    assert client_of(people.grid_worker).get(url).status_code == 403


def test_it_keeps_the_owner_phone_when_an_edit_leaves_it_blank(city, people):
    shop = new_shop(city)
    client = client_of(people.station_head)
    url = reverse("shops:shop-edit", args=[shop.pk])
    form = client.get(url)
    assert "13912345678" not in form.text
    data = {
        "name": "改名小店",
        "licence_no": shop.licence_no,
        "business_type": "retail",
        "status": "open",
        "owner_name": "王小明",
        "owner_phone": "",
        "address": shop.address,
        "community": shop.community_id,
    }
    assert client.post(url, data).status_code == 302
    shop.refresh_from_db()
    assert (shop.name, shop.owner_phone) == ("改名小店", "13912345678")


def test_it_signs_and_prints_an_agreement(city, people):
    shop = new_shop(city)
    client = client_of(people.station_head)
    url = reverse("shops:agreement-new", args=[shop.pk])
    page = client.get(url)
    assert page.status_code == 200
    refused = client.post(url, {"signer_name": "王小明"})
    assert refused.status_code == 400
    data = {
        "duties": page.context["form"].initial["duties"],
        "starts_on": "2026-12-01",
        "ends_on": "2027-11-30",
        "signer_name": "王小明",
        "agreed": "on",
    }
    done = client.post(url, data, follow=True)
    assert "门前三包责任书" in done.text and "王小明" in done.text
    printed = client_of(people.grid_worker).get(done.redirect_chain[-1][0])
    assert "王**" in printed.text and "王小明" not in printed.text


def test_it_exports_the_filtered_list_without_owner_data(city, people):
    new_shop(city, name="导出小店")
    response = client_of(people.station_head).get(reverse("shops:shop-export"))
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    cells = [c for row in book.get_sheet_by_index(0).to_python() for c in row]
    assert "导出小店" in cells and "13912345678" not in cells and "王小明" not in cells
    assert AuditEntry.objects.filter(kind=Kind.EXPORT, target="shops:list").exists()


def test_it_shows_the_shops_cases_nearby_and_as_enforcement_party(city, people):
    near = new_case(city, community=0, grid=0)
    shop = new_shop(city, lng=near.lng + 0.0001, lat=near.lat)  # about 10 m away
    party = {
        "party_kind": "shop",
        "party_name": shop.name,
        "party_id_number": shop.licence_no,
        "party_phone": "13912345678",
    }
    far = enforced(city, people, party=party, grid=1)
    unrelated = enforced(city, people, grid=1)
    page = client_of(people.station_head).get(reverse("shops:shop-detail", args=[shop.pk]))
    codes = [c.code for c in page.context["cases"]]
    assert near.code in codes and far.code in codes and unrelated.code not in codes
    assert "13912345678" not in page.text.replace("139****5678", "")
    assert (
        client_of(people.handler).get(reverse("shops:shop-detail", args=[shop.pk])).status_code
        == 404
    )


def test_it_shows_the_public_board_without_owner_data(city, people):
    shop = new_shop(city, name="红榜面馆")
    ledger.record(shop=shop, rule=rule("best"), actor=people.station_head)
    page = Client().get(reverse("shops:board", args=[city.streets[0].code]))
    assert page.status_code == 200 and "红榜面馆" in page.text and "120" in page.text
    assert "王" not in page.text.split("红榜面馆")[1][:200]
    assert Client().get(reverse("shops:board", args=[city.grids[0].code])).status_code == 404


def test_it_takes_the_shops_rating_through_its_token(city):
    shop = new_shop(city)
    url = reverse("shops:rate", args=[shop.rating_token])
    client = Client()
    assert client.get(url).status_code == 200
    assert client.post(url, {"score": "9"}).status_code == 400
    assert client.post(url, {"score": "4", "comment": "很好"}).status_code == 200
    assert shop.ratings.get().score == 4
    again = client.get(url)
    assert "本月已评价过" in again.text
    assert client.post(url, {"score": "5"}).status_code == 400
    assert client.get(reverse("shops:rate", args=["nope"])).status_code == 404


def test_it_shows_the_ratings_and_chiefs_pages(city, people):
    shop = new_shop(city)
    for score in (5, 2):
        services.inspect(shop=shop, actor=people.grid_worker, failed=[], score=score)
    services.rate_service(shop=shop, score=4)
    services.rate_service(shop=shop, score=3, at=timezone.now() - timedelta(days=40))
    client = client_of(people.station_head)
    page = client.get(reverse("shops:rating-list"))
    row = page.context["shops"][0]
    assert (row.staff_avg, row.checks, row.service_avg, row.rated) == (3.5, 2, 3.5, 2)
    assert client.get(reverse("shops:chief-list")).status_code == 200


def test_it_lists_shops_in_a_few_queries(city, people, django_assert_max_num_queries):
    for i in range(15):
        new_shop(city, name=f"小店{i}")
    client = client_of(people.station_head)
    with django_assert_max_num_queries(12):
        client.get(reverse("shops:shop-list"))


def test_it_shows_the_lists_on_the_community_page(city, people):
    shop = new_shop(city, name="红榜面馆")
    ledger.record(shop=shop, rule=rule("best"), actor=people.station_head)
    page = Client().get(f"/c/{city.communities[0].code}/")
    assert page.status_code == 200 and "红榜面馆（120）" in page.text
    other = Client().get(f"/c/{city.communities[3].code}/")
    assert "红榜面馆" not in other.text and 'id="shop-lists"' not in other.text


def test_it_sets_up_and_changes_a_street_chief_post_in_scope(city, people):
    client = client_of(people.station_head)
    url = reverse("shops:chief-new")
    data = {
        "street_name": "文清路（中山路至章江路段）",
        "area": city.communities[0].pk,
        "holder_name": "梁丽",
        "phone": "0797 8157385",
        "station": "文清路街长驿站",
        "active": "on",
    }
    assert client.post(url, {**data, "phone": "12345"}).status_code == 400
    assert client.post(url, {**data, "area": city.communities[3].pk}).status_code == 400
    assert client.post(url, data).status_code == 302
    chief = StreetChief.objects.get(street_name=data["street_name"])
    assert chief.phone == "07978157385"
    edit = reverse("shops:chief-edit", args=[chief.pk])
    assert client.post(edit, {**data, "holder_name": "潘伟"}).status_code == 302
    chief.refresh_from_db()
    assert chief.holder_name == "潘伟"
    assert client_of(people.grid_worker).get(url).status_code == 403
    assert client_of(people.neighbour).get(edit).status_code == 403
    assert client_of(people.dispatcher).get(edit).status_code == 200
    other = StreetChief.objects.create(
        street_name="别处路", area=city.communities[3], holder_name="某人", phone="13900000000"
    )
    assert client.get(reverse("shops:chief-edit", args=[other.pk])).status_code == 404
