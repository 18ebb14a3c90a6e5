"""The public violation guide 一码通: no login, each type linkable, searchable, plain words."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_lists_every_type_with_its_measures_without_login(client, city):
    page = client.get(reverse("guide:list")).content.decode()
    assert "违法行为指引" in page and "占道经营" in page and "违法建设" in page
    assert "首违不罚" in page and reverse("guide:type", args=["V09006"]) in page


def test_it_explains_one_type_in_plain_words(client, city):
    page = client.get(reverse("guide:type", args=["V09006"])).content.decode()
    assert "《城市市容和环境卫生管理条例》第十四条" in page
    assert "法律怎么说" in page and "可以并处罚款" in page
    assert "365 天内第一次" in page and "最长 1 天" in page
    assert "占道面积不超过 1 平方米" in page  # what counts as minor
    # A type that allows no first offence does not promise one.
    page = client.get(reverse("guide:type", args=["V06001"])).content.decode()
    assert 'id="measure-first_offence"' not in page and 'id="measure-penalty"' in page


def test_it_searches_names_and_laws(client, city):
    page = client.get(reverse("guide:list"), {"q": "大气污染"}).content.decode()
    assert "露天烧烤" in page and "工地扬尘" in page and "占道经营" not in page
    page = client.get(reverse("guide:list"), {"q": "不存在的行为"}).content.decode()
    assert "没有找到相关违法行为" in page
    long = client.get(reverse("guide:list"), {"q": "长" * 80})
    assert long.status_code == 200 and "最多" in long.content.decode()


def test_it_answers_404_for_an_unknown_type(client, city):
    assert client.get(reverse("guide:type", args=["V99999"])).status_code == 404
