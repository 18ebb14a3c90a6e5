"""Campaign pages: plan, create, results, export, and linking from the case page."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from civicgrid.cases.tests.helpers import category, new_case
from civicgrid.field import campaigns
from civicgrid.field.models import Campaign

pytestmark = pytest.mark.django_db


def running(city, people, **kwargs):
    today = timezone.localdate()
    return campaigns.create(
        actor=people.dispatcher,
        name="解放街道占道经营专项整治",
        area=city.streets[0],
        areas=[city.communities[0], city.communities[1]],
        categories=[category("09006")],
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=20),
        target_closed=10,
        **kwargs,
    )


def test_a_planner_goes_from_the_table_to_a_campaign(client, city, people):
    new_case(city, category=category("09006"), at=timezone.now() - timedelta(days=3))
    client.force_login(people.dispatcher)
    page = client.get(reverse("field:campaign-plan")).content.decode()
    assert "占道经营" in page and 'class="pick-cell"' in page
    stall = category("09006")
    form = client.get(
        reverse("field:campaign-new"),
        {"categories": [stall.pk], "channels": ["qr"], "areas": [city.communities[0].pk]},
    ).content.decode()
    assert f'value="{stall.pk}" selected' in form
    today = timezone.localdate()
    response = client.post(
        reverse("field:campaign-new"),
        {
            "name": "西津路占道经营专项整治",
            "area": city.streets[0].pk,
            "areas": [city.communities[0].pk],
            "categories": [stall.pk],
            "channels": ["qr"],
            "starts_on": (today - timedelta(days=7)).isoformat(),
            "ends_on": (today + timedelta(days=7)).isoformat(),
            "target_closed": "5",
            "target_tasks": "0",
            "target_measures": "3",
        },
    )
    campaign = Campaign.objects.get()
    assert response["Location"] == reverse("field:campaign-detail", args=[campaign.pk])
    detail = client.get(response["Location"]).content.decode()
    assert 'id="figure-found"' in detail and "城管码" in detail
    assert campaigns.results(campaign=campaign).found == 1


def test_bad_campaign_input_gets_chinese_messages_not_a_500(client, city, people):
    client.force_login(people.dispatcher)
    response = client.post(
        reverse("field:campaign-new"),
        {"name": "", "starts_on": "2026-13-01", "ends_on": "x", "target_closed": "-1"},
    )
    text = response.content.decode()
    assert response.status_code == 400 and "这个字段是必填项" in text
    bad = client.get(reverse("field:campaign-plan"), {"since": "2026-12-01", "until": "2026-11-01"})
    assert bad.status_code == 400 and "结束日期不能早于开始日期" in bad.content.decode()


def test_outsiders_get_404_and_the_unentitled_403(client, city, people):
    campaign = running(city, people)
    client.force_login(people.grid_worker)
    assert client.get(reverse("field:campaign-plan")).status_code == 403
    assert client.get(reverse("field:campaign-new")).status_code == 403
    assert client.get(reverse("field:campaign-detail", args=[campaign.pk])).status_code == 404
    other = next(u for u in city.dispatchers.values() if u != people.dispatcher)
    client.force_login(other)
    for name in ("field:campaign-detail", "field:campaign-export"):
        assert client.get(reverse(name, args=[campaign.pk])).status_code == 404
    client.force_login(people.leader)
    assert client.get(reverse("field:campaign-detail", args=[campaign.pk])).status_code == 200


def test_a_member_sees_the_campaign_but_cannot_manage_it(client, city, people):
    campaign = running(city, people, members=[people.grid_worker])
    case = new_case(city)
    client.force_login(people.grid_worker)
    assert client.get(reverse("field:campaign-detail", args=[campaign.pk])).status_code == 200
    url = reverse("field:campaign-link", args=[case.code])
    assert client.post(url, {"campaign": campaign.pk}).status_code == 403


def test_a_case_is_linked_by_hand_from_the_case_page(client, city, people):
    campaign = running(city, people)
    case = new_case(city)  # garbage, not a stall: not linked automatically
    client.force_login(people.dispatcher)
    page = client.get(reverse("cases:case-detail", args=[case.code])).content.decode()
    assert 'id="case-campaigns"' in page and campaign.name in page
    response = client.post(
        reverse("field:campaign-link", args=[case.code]), {"campaign": campaign.pk}, follow=True
    )
    assert "已关联到专项行动" in response.content.decode()
    assert campaigns.linked_cases(campaign).filter(pk=case.pk).exists()
    again = client.post(
        reverse("field:campaign-link", args=[case.code]), {"campaign": campaign.pk}, follow=True
    )
    assert "已关联到这项专项行动" in again.content.decode()
    assert (
        client.post(reverse("field:campaign-link", args=[case.code]), {"campaign": "x"}).status_code
        == 302
    )


def test_the_results_export_holds_figures_and_cases(client, city, people):
    campaign = running(city, people)
    new_case(city, category=category("09006"))
    campaigns.link_matching(campaign=campaign)
    client.force_login(people.dispatcher)
    response = client.get(reverse("field:campaign-export", args=[campaign.pk]))
    assert response["X-Rows"] == "1"
    book = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    strings = book.read("xl/sharedStrings.xml").decode()
    assert "办结案件" in strings and "占道经营" in strings
