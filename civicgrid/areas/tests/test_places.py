"""Placing an address text: the standard address table first, then area names in the text."""

import pytest
from django.core.management import CommandError, call_command

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area, KnownAddress
from civicgrid.areas.places import by_id, normalise, place

pytestmark = pytest.mark.django_db


def _grid(city, community_index=0, k=0):
    community = city.communities[community_index]
    return [g for g in city.grids if g.parent_id == community.pk][k]


def test_it_normalises_width_spaces_and_committee_suffixes():
    assert normalise(" 西津路　１１号（3栋） ") == "西津路11号3栋"
    assert normalise("八境路社区居民委员会") == "八境路社区"
    assert normalise("西津路居委会") == "西津路社区"
    assert normalise("水东村民委员会") == "水东村"


def test_it_places_a_known_address_in_its_grid_with_its_point(city):
    grid = _grid(city, 0, 0)
    known = KnownAddress.objects.get(text="西津路11号")
    found = place("西津路11号")
    assert found is not None
    assert found.area == grid and found.precise
    assert (found.lng, found.lat) == (known.lng, known.lat)
    assert found.address == "西津路11号"
    assert found.known_address_id == known.pk


def test_it_finds_the_longest_known_address_inside_a_longer_text(city):
    found = place("江西省赣州市章贡区 西津路２１号 3栋2单元门口垃圾没人清")
    assert found is not None and found.area == _grid(city, 0, 1)
    assert found.lng is not None


def test_it_places_by_community_name_without_a_point(city):
    community = city.communities[1]  # 新赣南路居委会
    found = place("新赣南路居委会旁边的菜市场门口")
    assert found is not None
    assert found.area == community and found.precise
    assert found.lng is None and found.lat is None


def test_it_prefers_a_grid_name_to_its_community(city):
    found = place("西津路第2网格内")
    assert found is not None and found.area == _grid(city, 0, 1)


def test_it_places_by_street_name_only_when_asked(city):
    text = "赣江街道某小区门口"
    assert place(text) is None
    found = place(text, streets=True)
    assert found is not None
    assert found.area == city.streets[1] and not found.precise


def test_it_places_nothing_for_an_unknown_or_empty_text(city):
    for text in ["", "   ", "北京市朝阳区某某路", "号", "\x00\u200b"]:
        assert place(text) is None
        assert place(text, streets=True) is None


def test_a_community_name_shared_by_two_streets_needs_the_street(city):
    twin = Area.objects.create(
        code="360702002099", name="西津路居委会", level=Level.COMMUNITY, parent=city.streets[1]
    )
    assert place("西津路社区门口") is None  # two communities of that name: not a guess
    found = place("赣江街道西津路社区门口")
    assert found is not None and found.area == twin
    found = place("解放街道西津路居委会门口")
    assert found is not None and found.area == city.communities[0]


def test_a_new_known_address_is_found_at_once(city):
    grid = _grid(city, 2, 0)
    assert place("厚德路幸福小区5栋") is None
    KnownAddress.objects.create(text="厚德路幸福小区", area=grid)
    found = place("厚德路幸福小区5栋")
    assert found is not None and found.area == grid and found.lng is None


def test_it_costs_no_query_once_the_index_is_built(city, django_assert_num_queries):
    place("西津路11号")
    with django_assert_num_queries(0):
        for text in ["西津路13号", "新赣南路社区", "不存在的地方", "西津路第1网格"]:
            place(text)


def test_by_id_finds_a_known_address_and_refuses_anything_else(city):
    known = KnownAddress.objects.get(text="西津路11号")
    found = by_id(known.pk)
    assert found is not None and found.area == _grid(city, 0, 0)
    assert found.address == "西津路11号" and found.lat == known.lat
    assert by_id(str(known.pk)) == found
    for bad in [None, "", "abc", "1.5", -1, 0, 10**30, "99999999"]:
        assert by_id(bad) is None


def test_the_command_imports_a_csv_and_refuses_a_bad_row(city, tmp_path):
    grid = _grid(city, 3, 1)
    good = tmp_path / "good.csv"
    good.write_text(
        f"地址,区划代码,经度,纬度\n荷包塘路88号,{grid.code},114.93,25.86\n"
        f"荷包塘菜市场,{grid.parent.code},,\n",
        encoding="utf-8",
    )
    call_command("import_addresses", str(good))
    assert place("荷包塘路88号").area == grid
    assert place("荷包塘菜市场北门").area == grid.parent
    bad = tmp_path / "bad.csv"
    bad.write_text(f"地址,区划代码,经度,纬度\n某地址,{city.streets[0].code},,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="第 2 行"):
        call_command("import_addresses", str(bad))
    missing = tmp_path / "missing.csv"
    missing.write_text("地址\n某地址\n", encoding="utf-8")
    with pytest.raises(CommandError, match="区划代码"):
        call_command("import_addresses", str(missing))
