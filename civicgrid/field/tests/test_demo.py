"""The demo's field work: tasks of this week in every state and the running campaign."""

import pytest
from django.utils import timezone

from civicgrid.cases.tests.helpers import category, new_case
from civicgrid.field import campaigns, demo
from civicgrid.field.models import AssignmentTarget, Campaign

pytestmark = pytest.mark.django_db


def test_it_seeds_tasks_in_every_state_and_a_running_campaign_once(city):
    stall = new_case(city, category=category("09006"))
    made = demo.seed(city)
    assert len(made) == 5
    states = set(AssignmentTarget.objects.values_list("status", flat=True))
    assert states == {"sent", "accepted", "done", "approved", "returned"}
    late = [t for t in AssignmentTarget.objects.select_related("assignment") if t.is_overdue()]
    assert late, "one task of the week is overdue"
    campaign = Campaign.objects.get()
    assert campaign.is_running(timezone.localdate())
    assert campaigns.linked_cases(campaign).filter(pk=stall.pk).exists()
    assert campaigns.results(campaign=campaign).tasks_done == 1
    assert demo.seed(city) == []
