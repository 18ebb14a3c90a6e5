"""Every control a staff page offers is one its viewer may use: no button leads to a blank 403.

For each persona the staff pages are rendered over cases in every stage; each link is followed
and each form's target is checked with `can()` or the workflow's `refusal()`, which asks it
(posting would change the cases under test).
"""

from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import resolve
from django.utils import timezone

from civicgrid.cases import workflow as wf
from civicgrid.cases.choices import Status
from civicgrid.cases.inbox import BATCH_ACTIONS
from civicgrid.cases.models import Case
from civicgrid.cases.tests.helpers import new_case, walk_to
from civicgrid.notify.outbox import deliver_pending
from civicgrid.people import actions as A
from civicgrid.people.scopes import can

pytestmark = pytest.mark.django_db

PERSONAS = [
    "grid_worker",
    "station_head",
    "dispatcher",
    "handler",
    "other_handler",
    "leader",
    "neighbour",
    "outsider",
]
STAFF_PAGES = ["/cases/", "/cases/map/", "/cases/whistles/", "/cases/supervision/"]
STAFF_PAGES += ["/field/", "/notifications/"]


class Controls(HTMLParser):
    """The links and forms (with their submit buttons) of one page."""

    def __init__(self):
        super().__init__()
        self.links, self.forms = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self.forms.append({"method": (attrs.get("method") or "get").lower(), "buttons": []})
            self.forms[-1]["action"] = attrs.get("action") or ""
        elif tag == "button" and self.forms and attrs.get("type") != "button":
            self.forms[-1]["buttons"].append(attrs.get("value"))


def controls(html: str) -> Controls:
    parser = Controls()
    parser.feed(html)
    return parser


def build_cases(city, people) -> list[Case]:
    """A case in each stage of the loop, a whistled one, a supervised one and a merged pair."""
    stages = [Status.REPORTED, Status.ACCEPTED, Status.DISPATCHED, Status.HANDLED, Status.CLOSED]
    cases = [walk_to(new_case(city, grid=i % 2), people, s) for i, s in enumerate(stages)]
    whistled = walk_to(new_case(city, description="路边违章搭建的棚子"), people, Status.DISPATCHED)
    wf.whistle(
        case=whistled,
        actor=people.station_head,
        departments=[people.other_handler.staff.department],
    )
    busy = walk_to(new_case(city, description="井盖破损有人差点摔倒"), people, Status.IN_PROGRESS)
    until = timezone.now() + timedelta(days=10)
    wf.request_extension(case=busy, actor=people.handler, until=until, reason="需要订购配件")
    wf.urge(case=busy, actor=people.leader, note="请尽快处理")
    original = new_case(city, community=1)
    repeat = new_case(city, community=1)
    wf.merge(case=repeat, actor=people.dispatcher, into=original)
    elsewhere = new_case(city, community=len(city.communities) - 1)
    deliver_pending()  # notifications, so the bell's list has links to follow
    return [*cases, whistled, busy, original, repeat, elsewhere]


def form_allowed(user, action: str, button) -> bool:
    """May the user submit this form? Decided with can() from where the form posts to."""
    match = resolve(urlsplit(action).path)
    case = None
    if "code" in match.kwargs:
        case = Case.objects.get(code=match.kwargs["code"])
    if match.view_name == "cases:case-phone":
        return can(user, A.CASE_VIEW_CONTACT, case)
    if match.view_name in ("cases:case-act", "field:task-act"):
        assert case is not None
        # The workflow's own answer, which asks can() and also the case's state.
        return wf.refusal(case, match.kwargs["action"], user) is None
    if match.view_name == "cases:case-batch":
        return can(user, BATCH_ACTIONS[button][0])
    if match.view_name in ("logout", "notify:notification-read-all"):
        return True
    raise AssertionError(f"no permission rule in this test for a form posting to {action}")


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_offers_no_control_that_leads_to_a_403(client, city, people, persona):
    cases = build_cases(city, people)
    user = getattr(people, persona)
    client.force_login(user)
    seeds = list(STAFF_PAGES)
    seeds += [f"/cases/?inbox={key}" for key in ("to_accept", "to_dispatch", "to_verify", "open")]
    for case in Case.objects.visible_to(user).filter(pk__in=[c.pk for c in cases]):
        seeds += [f"/cases/{case.code}/", f"/field/{case.code}/"]
    # Seeds are fetched anyway (and must answer 200), so links to them need no second visit.
    followed, refused = {f"http://testserver{page}" for page in seeds}, []
    for page in seeds:
        response = client.get(page)
        assert response.status_code == 200, page
        found = controls(response.content.decode())
        for href in found.links:
            url = urljoin(f"http://testserver{page}", href)
            while url and url not in followed and not urlsplit(url).path.startswith("/media/"):
                followed.add(url)
                parts = urlsplit(url)
                if parts.scheme != "http":
                    break
                answer = client.get(f"{parts.path}?{parts.query}")
                if answer.status_code >= 400:
                    refused.append((page, href, answer.status_code))
                # A redirect (a notification opening its case) is followed once, like a link.
                url = urljoin(url, answer.get("Location", "")) if answer.status_code == 302 else ""
        for form in found.forms:
            action = urljoin(page, form["action"])
            if form["method"] == "get":
                if action not in followed and client.get(action).status_code >= 400:
                    refused.append((page, action, "GET form"))
                followed.add(action)
                continue
            for button in form["buttons"]:  # a form without a button offers nothing
                if not form_allowed(user, action, button):
                    refused.append((page, action, button))
    assert refused == []
    assert len(followed) > len(seeds)  # the crawl went beyond the seed pages
