"""Class icons are vendored SVGs, not emoji that desktops without emoji fonts show as boxes."""

import pytest
from django.template import Context, Template

from civicgrid.catalog.models import Category
from civicgrid.lib.icons import icon_url

pytestmark = pytest.mark.django_db


def test_it_gives_every_common_class_a_vendored_svg_icon(city):
    common = Category.objects.filter(common_rank__isnull=False)
    assert common.count() == 20
    for category in common:
        assert icon_url(category.icon).endswith(f"/{category.icon}.svg"), category.name
    assert Category.objects.get(kind="matter", code="06042").icon == "trash-x"


def test_it_falls_back_to_a_neutral_icon_for_an_unknown_name():
    assert icon_url("🚮").endswith("/search.svg")
    assert icon_url("../../settings").endswith("/search.svg")
    assert icon_url("", default="help").endswith("/help.svg")


def test_it_renders_a_decorative_image_from_the_template_tag():
    html = Template('{% load icons %}{% icon "trash" %}').render(Context())
    assert html == (
        '<img class="icon" src="/static/vendor/tabler-icons-3.51.0/trash.svg" alt="" '
        'width="24" height="24">'
    )
