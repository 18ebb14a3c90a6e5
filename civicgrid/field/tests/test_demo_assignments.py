"""The demo's field work: tasks of this week in every state and the running campaign."""

import pytest
from django.utils import timezone

from civicgrid.cases.tests.helpers import category, new_case
from civicgrid.field import campaigns
from civicgrid.field import demo_assignments as demo
from civicgrid.field.models import AssignmentTarget, Campaign

pytestmark = pytest.mark.django_db


def test_it_seeds_tasks_in_every_state_and_a_running_campaign_once(city):
    stall = new_case(city, category=category("09006"))
    made = demo.seed(city)
    assert len(made) == 5
    states = set(AssignmentTarget.objects.values_list("status", flat=True))
    assert states == {"sent", "accepted", "done", "approved", "returned"}
    rows = list(AssignmentTarget.objects.select_related("assignment"))
    late = {t.assignment.title for t in rows if t.is_overdue()}
    assert "雨季前排水设施巡查" in late  # due yesterday, never accepted
    assert "垃圾分类入户宣传" not in late  # due in three days
    campaign = Campaign.objects.get()
    assert campaign.is_running(timezone.localdate())
    assert campaigns.linked_cases(campaign).filter(pk=stall.pk).exists()
    assert campaigns.results(campaign=campaign).tasks_done == 1
    assert demo.seed(city) == []
