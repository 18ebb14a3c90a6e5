"""Inspections, agreements and the shop's rating of the service."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from civicgrid.cases.errors import InvalidInput, NotAllowed
from civicgrid.demo.photos import photo
from civicgrid.shops import services
from civicgrid.shops.choices import DUTIES
from civicgrid.shops.tests.helpers import new_shop, rule

pytestmark = pytest.mark.django_db


def test_it_earns_the_pass_points_for_a_clean_inspection(city, people):
    shop = new_shop(city)
    done = services.inspect(shop=shop, actor=people.grid_worker, failed=[], score=5)
    assert done.passed and shop.points == 102
    assert list(done.entries.values_list("rule_code", flat=True)) == ["pass"]


def test_it_deducts_each_failed_item_by_its_rule(city, people):
    shop = new_shop(city)
    done = services.inspect(
        shop=shop,
        actor=people.grid_worker,
        failed=[rule("clutter"), rule("outside")],
        score=2,
        note="门前堆放纸箱、摆放货架",
        photos=[photo("before", seed=3)],
    )
    assert sorted(done.failed) == ["clutter", "outside"]
    assert shop.points == 85 and done.photos.count() == 1
    assert sorted(done.entries.values_list("delta", flat=True)) == [-10, -5]


def test_it_refuses_an_inspection_outside_the_inspectors_scope(city, people):
    shop = new_shop(city, community=3)
    with pytest.raises(NotAllowed):
        services.inspect(shop=shop, actor=people.grid_worker, failed=[], score=5)
    with pytest.raises(NotAllowed):
        services.inspect(shop=new_shop(city), actor=people.handler, failed=[], score=5)


def test_it_refuses_bad_inspection_input_in_chinese(city, people):
    shop = new_shop(city)
    worker = people.grid_worker
    with pytest.raises(InvalidInput, match="1 到 5"):
        services.inspect(shop=shop, actor=worker, failed=[], score=6)
    with pytest.raises(InvalidInput, match="拍照或填写"):
        services.inspect(shop=shop, actor=worker, failed=[rule("clutter")], score=3)
    with pytest.raises(InvalidInput, match="检查项目"):
        services.inspect(shop=shop, actor=worker, failed=[rule("best")], score=3, note="x")
    bad = SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg")
    with pytest.raises(InvalidInput):
        services.inspect(shop=shop, actor=worker, failed=[], score=5, photos=[bad])
    assert not shop.inspections.exists() and not shop.entries.exists()


def _sign(shop, actor, **kwargs):
    today = timezone.localdate()
    values = {
        "signer_name": "王小明",
        "starts_on": today,
        "ends_on": today + timedelta(days=365),
        "duties": [str(d) for d in DUTIES],
        **kwargs,
    }
    return services.sign(shop=shop, actor=actor, **values)


def test_it_signs_an_agreement_witnessed_by_the_manager(city, people):
    shop = new_shop(city)
    signed = _sign(shop, people.station_head)
    assert signed.witness == people.station_head and signed.in_force()
    assert services.current_agreement(shop) == signed
    assert signed.masked_signer == "王**"


def test_it_refuses_overlapping_or_backwards_agreements(city, people):
    shop = new_shop(city)
    _sign(shop, people.station_head)
    with pytest.raises(InvalidInput, match="该期间已有"):
        _sign(shop, people.station_head)
    today = timezone.localdate()
    with pytest.raises(InvalidInput, match="晚于"):
        _sign(shop, people.station_head, starts_on=today, ends_on=today)
    with pytest.raises(InvalidInput, match="姓名"):
        _sign(shop, people.station_head, signer_name=" ")
    with pytest.raises(NotAllowed):
        _sign(new_shop(city), people.grid_worker)


def test_it_shows_no_agreement_in_force_once_it_has_expired(city, people):
    shop = new_shop(city)
    today = timezone.localdate()
    old = _sign(
        shop,
        people.station_head,
        starts_on=today - timedelta(days=400),
        ends_on=today - timedelta(days=1),
    )
    assert not old.in_force() and services.current_agreement(shop) is None


def test_it_takes_one_service_rating_a_month(city):
    shop = new_shop(city)
    services.rate_service(shop=shop, score=4, comment="态度好")
    with pytest.raises(InvalidInput, match="本月已评价"):
        services.rate_service(shop=shop, score=5)
    last_month = timezone.now() - timedelta(days=40)
    services.rate_service(shop=shop, score=5, at=last_month)
    assert shop.ratings.count() == 2
    with pytest.raises(InvalidInput):
        services.rate_service(shop=shop, score=0)
