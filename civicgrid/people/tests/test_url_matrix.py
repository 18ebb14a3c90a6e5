"""Every URL pattern x every persona: no 500, nothing out of scope, no write without the right.

The patterns are walked from the URL configuration, so a new page is covered the day it is
added: a pattern without an entry in ROUTES fails `test_every_url_pattern_has_an_entry`.
Admin pages are covered generically (their object ids come from the admin's own models).
Path arguments are filled from real objects of the small city, for each persona one it may
see ("in") and one it may not ("out"):

- case A: reported from the resident's browser in community 0, dispatched to sanitation, with
  water summoned by a whistle (the summoned member sees it through the summons only);
- case B: community 3, in the second street, dispatched to municipal; each has a photo;
- cases C and D: fresh reports in communities 0 and 3, for the batch accept;
- a poster batch for each street, a notification for each persona;
- a consultation topic for each street (t0, t1), answered from its first community;
- a shop in community 0 and one in community 3, each with an agreement, an inspection photo
  and a street-chief post.

What must hold: no 500 anywhere; an "out" object gives 403/404 (405 for a wrong method);
anonymous visitors get a login redirect or 404 on staff pages (401 on the API); nothing
changes through an "out" object, an anonymous visitor, or a POST by a persona the entry does
not name in `may`. GET and POST (an empty body, or a plausible one: `body`) on every URL.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern

from civicgrid.amenities.models import Amenity, AmenityLog
from civicgrid.amenities.tests.helpers import place
from civicgrid.cases import workflow as wf
from civicgrid.cases.models import Case, CaseEvent, ContactView
from civicgrid.cases.tests.helpers import new_case
from civicgrid.community.models import Event, LawStory, Notice, PosterBatch, SignUp
from civicgrid.community.tests.helpers import life_objects
from civicgrid.consult.models import Answer, Topic
from civicgrid.consult.models import Response as SurveyResponse
from civicgrid.consult.tests.helpers import add_answer, new_topic
from civicgrid.council.tests.helpers import fingerprint as council_fingerprint
from civicgrid.council.tests.helpers import matrix_objects as council_objects
from civicgrid.demo.city import HOTLINE_SOURCE
from civicgrid.demo.photos import photo
from civicgrid.duties.tests.helpers import matrix_objects as duty_objects
from civicgrid.field import patrols
from civicgrid.field.models import AssignmentLog, Campaign, CampaignCase
from civicgrid.intake.models import HotlineImport, HotlineOrder, HotlineSource
from civicgrid.intake.tests.helpers import form_data, gps_jpeg, report_url
from civicgrid.liaison.models import Action as LiaisonAction
from civicgrid.liaison.models import Meeting
from civicgrid.notify.models import Notification
from civicgrid.people import tokens
from civicgrid.people.models import ApiToken
from civicgrid.shops.models import (
    Agreement,
    Inspection,
    PointEntry,
    ServiceRating,
    Shop,
    StreetChief,
)
from civicgrid.stations.models import Showcase, ShowcaseLog
from civicgrid.volunteers.tests.helpers import matrix_objects as volunteer_objects

pytestmark = pytest.mark.django_db

ANYONE = "*"
URGE = frozenset({"station_head", "dispatcher", "leader", "admin"})  # hold case.urge
DUTY_MANAGERS = frozenset({"station_head", "dispatcher", "leader", "admin"})  # of station 0
PUBLISHERS = frozenset({"station_head", "dispatcher", "admin"})  # hold community.publish


@dataclass(frozen=True)
class Route:
    """How to request one URL pattern, and who may change something through it.

    access: "public" (anyone), "staff" (signed-in staff) or "api" (the REST API).
    args: (URL argument or "body:<field>", what fills it): an object kind of SCOPES, which
    gives the persona's in and out objects, or "=label", one object of the city for everyone.
    body: the POST form (see `body_for`); may: the personas allowed to change state by
    POSTing the "in" variant (ANYONE: everybody, on their own things).
    """

    access: str
    args: tuple[tuple[str, str], ...] = ()
    body: str = ""
    may: frozenset[str] | str = frozenset()
    skip_in: str = ""  # why the "in" variant is not requested


PUBLIC, STAFF = Route("public"), Route("staff")
CASE = (("code", "case"),)
SHOP = (("pk", "shop"),)
VOLUNTEER = (("pk", "volunteer"),)
VOLUNTEER_MANAGERS = frozenset({"station_head", "dispatcher", "admin"})  # of community 0

ROUTES = {
    "admin/login/": PUBLIC,
    "admin/logout/": PUBLIC,  # signs nobody in; the admin's other pages are checked generically
    "login/": PUBLIC,
    "logout/": PUBLIC,
    "start/": STAFF,
    "account/tokens/": STAFF,
    "account/tokens/new/": Route("staff", may=ANYONE),  # an empty form: refused, no token
    "account/tokens/<int:pk>/revoke/": Route("staff", (("pk", "token"),), may=ANYONE),
    "cases/": STAFF,
    "cases/new/": STAFF,  # an empty POST registers nothing (the form says what is missing)
    "cases/map/": STAFF,
    "cases/map/cases.geojson": STAFF,
    "cases/map/grids.geojson": STAFF,
    "cases/whistles/": STAFF,
    "cases/supervision/": STAFF,
    "cases/export.xlsx": STAFF,
    "cases/batch/": Route(
        "staff",
        (("body:codes", "fresh"),),
        body="batch",
        may=frozenset({"station_head", "dispatcher", "admin"}),
    ),
    "cases/<case_code:code>/": Route("staff", CASE),
    "cases/<case_code:code>/act/<action:action>/": Route(
        "staff", (*CASE, ("action", "=urge")), body="act", may=URGE
    ),
    "cases/<case_code:code>/phone/": Route(
        "staff", CASE, may=frozenset({"station_head", "dispatcher", "admin"})
    ),
    # The enforcement party in full: officers only (no persona here holds case.view_party).
    "cases/<case_code:code>/party/": Route("staff", CASE),
    "guide/": PUBLIC,
    "guide/<slug:code>/": Route("public", (("code", "=V09006"),)),
    "api/v1/openapi.json": PUBLIC,
    "api/v1/": PUBLIC,
    "api/v1/<path:rest>": Route("public", (("rest", "=nothing-here"),)),  # JSON 404
    "api/v1/cases": Route("api"),
    "api/v1/categories": Route("api"),
    "api/v1/areas": Route("api"),
    "api/v1/areas/<code>": Route("api", (("code", "=c0"),)),
    "api/v1/cases/<code>": Route("api", CASE),
    "api/v1/cases/<code>/actions/<action>": Route(
        "api", (*CASE, ("action", "=urge")), body="json", may=URGE
    ),
    "field/": STAFF,
    "field/report/": STAFF,
    "field/report/classes/": PUBLIC,  # the resident page's class search, class names only
    "field/<case_code:code>/": Route("staff", CASE),
    "field/<case_code:code>/act/<action:action>/": Route(
        "staff",
        (*CASE, ("action", "=report_in")),
        body="act",
        may=frozenset({"other_handler", "admin"}),
    ),
    # Tasks 任务 and campaigns (field/tests/test_assignment_views.py, test_campaign_views.py):
    # an empty POST sends, creates or links nothing; accepting needs no text, so the assignee's
    # own POST does change their row.
    "field/assignments/": STAFF,
    "field/assignments/new/": STAFF,
    "field/assignments/export.xlsx": STAFF,
    "field/assignments/<int:pk>/": Route("staff", (("pk", "task"),)),
    "field/assignments/<int:pk>/<int:target>/<action:action>/": Route(
        "staff",
        (("pk", "task"), ("target", "tasktarget"), ("action", "=accept")),
        may=frozenset({"grid_worker", "neighbour"}),
    ),
    "field/campaigns/": STAFF,
    "field/campaigns/plan/": STAFF,
    "field/campaigns/new/": STAFF,
    "field/campaigns/<int:pk>/": Route("staff", (("pk", "campaign"),)),
    "field/campaigns/<int:pk>/export.xlsx": Route("staff", (("pk", "campaign"),)),
    "field/campaigns/link/<case_code:code>/": Route("staff", CASE),
    "field/patrol/": STAFF,
    "field/patrol/start/": Route(
        "staff", may=frozenset({"grid_worker", "neighbour", "station_head", "admin"})
    ),  # starts one's own patrol
    "field/patrol/<int:pk>/points/": Route(
        "staff", (("pk", "=pt"),), may=frozenset({"grid_worker"})
    ),  # the grid worker's own patrol; anyone else's is not found
    "field/patrol/<int:pk>/end/": Route("staff", (("pk", "=pt"),), may=frozenset({"grid_worker"})),
    "field/checkin/": STAFF,  # an empty POST checks nobody in (the form says what is missing)
    "field/patrols/map/": STAFF,
    "field/patrols/tracks/": STAFF,
    "field/roster/<area_code:code>/": Route(
        "staff", (("code", "community"),), may=frozenset({"station_head", "admin"})
    ),
    "field/compliance/": STAFF,
    "field/ledger/<area_code:code>/": Route("staff", (("code", "community"),)),  # read-only
    # Coverage, evaluation and typical cases (stations/tests/): read-only pages; an empty POST
    # writes no typical case (case A is open, and the form is empty).
    "stations/coverage/": STAFF,
    "stations/evaluation/": STAFF,
    "stations/showcase/": STAFF,
    "stations/showcase/<case_code:code>/": Route("staff", CASE),
    "showcase/": PUBLIC,
    # Duty lists and task decomposition (duties/tests/): du0 community 0's station, dv0 its
    # published list, di0 a draft row; dp0 the district's plan, dt0 its task (sanitation leads).
    "duties/": STAFF,
    "duties/units/<int:pk>/": Route("staff", (("pk", "=du0"),)),
    "duties/units/<int:pk>/<slug:kind>/export.xlsx": Route(
        "staff", (("pk", "=du0"), ("kind", "=duties"))
    ),
    "duties/units/<int:pk>/<slug:kind>/<slug:op>/": Route(
        "staff", (("pk", "=du0"), ("kind", "=duties"), ("op", "=draft")), may=DUTY_MANAGERS
    ),
    "duties/items/<int:pk>/<slug:op>/": Route(
        "staff", (("pk", "=di0"), ("op", "=up")), may=DUTY_MANAGERS
    ),
    "duties/v/<int:pk>/": Route("public", (("pk", "=dv0"),)),
    "duties/c/<area_code:community_code>/": Route("public", (("community_code", "=c0"),)),
    "duties/plans/": STAFF,
    "duties/plans/new/": STAFF,  # an empty POST makes no plan (the form says what is missing)
    "duties/plans/<int:pk>/": Route("staff", (("pk", "=dp0"),)),
    "duties/tasks/<int:pk>/": Route("staff", (("pk", "=dt0"),)),
    "duties/tasks/<int:pk>/report/": Route("staff", (("pk", "=dt0"),)),
    "duties/tasks/<int:pk>/edit/": Route("staff", (("pk", "=dt0"),)),
    "duties/board/": STAFF,
    "duties/board/export.xlsx": STAFF,
    # Frontage duties 门前三包 (shops/tests/test_views.py): an empty POST changes nothing.
    "shops/": STAFF,
    "shops/export.xlsx": STAFF,
    "shops/new/": STAFF,
    "shops/import/": STAFF,  # an empty POST names no file
    "shops/ratings/": STAFF,
    "shops/chiefs/": STAFF,
    "shops/chiefs/new/": STAFF,
    "shops/chiefs/<int:pk>/edit/": Route("staff", (("pk", "chief"),)),
    "shops/board/<area_code:code>/": Route("public", (("code", "=s0"),)),
    "shops/rate/<slug:token>/": Route("public", (("token", "=shoptoken"),)),
    "shops/<int:pk>/": Route("staff", SHOP),
    "shops/<int:pk>/edit/": Route("staff", SHOP),
    "shops/<int:pk>/contact/": Route(
        "staff", SHOP, may=frozenset({"station_head", "dispatcher", "admin"})
    ),
    "shops/<int:pk>/inspect/": Route("staff", SHOP),
    "shops/<int:pk>/award/": Route("staff", SHOP),
    "shops/<int:pk>/agreement/": Route("staff", SHOP),
    "shops/<int:pk>/agreement/<int:agreement>/": Route(
        "staff", (*SHOP, ("agreement", "agreement"))
    ),
    "shops/<int:pk>/photos/<int:photo>/": Route("staff", (*SHOP, ("photo", "shopphoto"))),
    # Volunteers and trainings (volunteers/tests/test_views.py): an empty POST changes nothing;
    # the full phone view is logged and approving moves the pending volunteer.
    "volunteers/": STAFF,
    "volunteers/export.xlsx": STAFF,
    "volunteers/new/": STAFF,
    "volunteers/ranking/": STAFF,
    "volunteers/apply/<area_code:code>/": Route("public", (("code", "=c0"),)),
    "volunteers/<int:pk>/": Route("staff", VOLUNTEER),
    "volunteers/<int:pk>/edit/": Route("staff", VOLUNTEER),
    "volunteers/<int:pk>/phone/": Route("staff", VOLUNTEER, may=VOLUNTEER_MANAGERS),
    "volunteers/<int:pk>/approve/": Route("staff", VOLUNTEER, may=VOLUNTEER_MANAGERS),
    "volunteers/<int:pk>/activity/": Route("staff", VOLUNTEER),
    "volunteers/trainings/": STAFF,
    "volunteers/trainings/export.xlsx": STAFF,
    "volunteers/trainings/new/": STAFF,
    "volunteers/trainings/<int:pk>/": Route("staff", (("pk", "training"),)),
    "notifications/": STAFF,
    "notifications/read-all/": Route("staff", may=ANYONE),
    "notifications/<int:pk>/": Route("staff", (("pk", "notification"),)),
    "c/<area_code:community_code>/": Route("public", (("community_code", "=c0"),)),
    "community/posters/": STAFF,
    "community/posters/street/<area_code:street_code>/": Route(
        "staff", (("street_code", "street"),), may=frozenset({"dispatcher", "leader", "admin"})
    ),
    "community/posters/batches/<int:pk>/": Route("staff", (("pk", "batch"),)),
    "community/posters/batches/<int:pk>/download/": Route("staff", (("pk", "batch"),)),
    "community/posters/<area_code:community_code>/": Route(
        "staff", (("community_code", "community"),)
    ),
    "community/posters/<area_code:community_code>.pdf": Route(
        "staff",
        (("community_code", "community"),),
        skip_in="prints with Chromium; community/tests/test_posters.py covers it",
    ),
    "": PUBLIC,
    "c/<area_code:community_code>/report/": Route("public", (("community_code", "=c0"),)),
    # Community life (community/tests/): e0/no0/ls0 of community 0, e3/no3/ls3 of community 3.
    "c/<area_code:community_code>/events/<int:pk>/": Route(
        "public", (("community_code", "=c0"), ("pk", "=e0")), may=ANYONE
    ),
    "c/<area_code:community_code>/stories/<int:pk>/": Route(
        "public", (("community_code", "=c0"), ("pk", "=ls0"))
    ),
    "events/signup/<slug:code>/": Route("public", (("code", "=su0"),), may=ANYONE),  # cancels
    "community/publish/": STAFF,
    "community/publish/notices/new/": Route("staff", may=PUBLISHERS),
    "community/publish/notices/<int:pk>/": Route("staff", (("pk", "notice"),), may=PUBLISHERS),
    "community/publish/events/new/": Route("staff", may=PUBLISHERS),
    "community/publish/events/<int:pk>/": Route("staff", (("pk", "event"),), may=PUBLISHERS),
    "community/publish/events/<int:pk>/attendance/": Route(
        "staff", (("pk", "event"),), may=PUBLISHERS
    ),
    "community/publish/events/<int:pk>/report/": Route("staff", (("pk", "event"),), may=PUBLISHERS),
    "community/publish/stories/new/": Route("staff", may=PUBLISHERS),
    "community/publish/stories/<int:pk>/": Route("staff", (("pk", "story"),), may=PUBLISHERS),
    "c/<area_code:community_code>/nearby/": Route("public", (("community_code", "=c0"),)),
    "c/<area_code:community_code>/classes/": Route("public", (("community_code", "=c0"),)),
    "t/": PUBLIC,
    "t/<case_code:code>/": Route("public", (("code", "=A"),)),
    "t/<case_code:code>/<action:action>/": Route(
        "public", (("code", "=A"), ("action", "=rate")), body="rate", may=frozenset({"resident"})
    ),
    "my/": PUBLIC,
    "i18n/setlang/": PUBLIC,
    "media/<path:path>": Route("public", (("path", "photo"),)),  # checked per file
    # 12345 hotline: the district's import and an unplaced order (intake/tests/test_hotline_views.py
    # checks who sees which); an empty POST uploads and places nothing.
    "hotline/": STAFF,
    "hotline/<int:pk>/": Route("staff", (("pk", "=hi"),)),
    "hotline/<int:pk>/progress/": Route("staff", (("pk", "=hi"),)),
    "hotline/<int:pk>/errors.xlsx": Route("staff", (("pk", "=hi"),)),
    "hotline/feedback.xlsx": STAFF,
    "hotline/unplaced/": STAFF,
    "hotline/unplaced/<int:pk>/place/": Route("staff", (("pk", "=ho"),)),
    # The convenience map (amenities/tests/): public pages; the desk holds amenity.manage.
    "map/": PUBLIC,
    "map/stations/": PUBLIC,
    "map/manage/": STAFF,
    "map/manage/new/": STAFF,  # an empty POST creates nothing (the form says what is missing)
    "map/manage/export.xlsx": STAFF,
    "map/manage/import/": STAFF,
    "map/manage/import/<slug:token>.xlsx": Route("staff", (("token", "=nothing-here"),)),
    "map/manage/<int:pk>/": Route("staff", (("pk", "amenity"),)),
    "map/manage/<int:pk>/active/": Route(
        "staff", (("pk", "amenity"),), may=frozenset({"station_head", "dispatcher", "admin"})
    ),
    "consult/": PUBLIC,
    "consult/<int:pk>/": Route("public", (("pk", "=t0"),), may=ANYONE),
    "consult/<int:pk>/thanks/": Route("public", (("pk", "=t0"),)),
    "consult/manage/": STAFF,
    "consult/manage/new/": Route("staff", may=frozenset({"dispatcher", "admin"})),
    "consult/manage/<int:pk>/": Route("staff", (("pk", "topic"),)),
    "consult/manage/<int:pk>/edit/": Route(
        "staff", (("pk", "topic"),), may=frozenset({"dispatcher", "admin"})
    ),
    "consult/manage/<int:pk>/export.xlsx": Route("staff", (("pk", "topic"),)),
    "consult/surveys/<int:pk>/": Route("public", (("pk", "=sv0"),), may=ANYONE),
    "consult/surveys/<int:pk>/thanks/": Route("public", (("pk", "=sv0"),)),
    "consult/surveys/manage/": STAFF,
    "consult/surveys/manage/new/": Route("staff", may=DUTY_MANAGERS),  # survey.manage
    "consult/surveys/manage/<int:pk>/": Route("staff", (("pk", "survey"),)),
    "consult/surveys/manage/<int:pk>/export.xlsx": Route("staff", (("pk", "survey"),)),
    "liaison/": STAFF,
    "liaison/new/": Route("staff", may=frozenset({"station_head", "admin"})),
    "liaison/<int:pk>/": Route(
        "staff", (("pk", "meeting"),), may=frozenset({"station_head", "admin"})
    ),
    "liaison/duty/": Route("staff", may=frozenset({"station_head", "admin"})),
    "liaison/companies/": STAFF,
    "liaison/export.xlsx": STAFF,
    "council/c/<area_code:community_code>/": Route("public", (("community_code", "=c0"),)),
    "council/c/<area_code:community_code>/propose/": Route("public", (("community_code", "=c0"),)),
    "council/c/<area_code:community_code>/need/": Route("public", (("community_code", "=c0"),)),
    "council/item/<int:pk>/support/": Route("public", (("pk", "=it0"),), may=ANYONE),
    "council/track/": PUBLIC,  # without ?code= a 404, as for an unknown code
    "council/track/<str:code>/": Route("public", (("code", "=nd0.code"),)),
    "council/manage/": STAFF,
    "council/manage/<area_code:community_code>/": Route(
        "staff", (("community_code", "community"),)
    ),
    "council/manage/<area_code:community_code>/item/": Route(
        "staff", (("community_code", "community"),)
    ),
    "council/manage/<area_code:community_code>/meeting/": Route(
        "staff", (("community_code", "community"),)
    ),
    "council/manage/<area_code:community_code>/export.xlsx": Route(
        "staff", (("community_code", "community"),)
    ),
    "council/manage/need/<int:pk>/": Route("staff", (("pk", "need"),)),
    "council/manage/item/<int:pk>/": Route("staff", (("pk", "item"),)),
    "council/manage/meeting/<int:pk>/": Route("staff", (("pk", "council_meeting"),)),
    # Open311: public reads; a POST without a valid api_key is a 403 (open311/tests/).
    "open311/": PUBLIC,
    "open311/<path:rest>": Route("public", (("rest", "=nothing-here"),)),
    "open311/discovery.<o311_format:fmt>": Route("public", (("fmt", "=json"),)),
    "open311/v2/discovery.<o311_format:fmt>": Route("public", (("fmt", "=xml"),)),
    "open311/v2/services.<o311_format:fmt>": Route("public", (("fmt", "=json"),)),
    "open311/v2/services/<o311_service:code>.<o311_format:fmt>": Route(
        "public", (("code", "=service"), ("fmt", "=xml"))
    ),
    "open311/v2/requests.<o311_format:fmt>": Route("public", (("fmt", "=json"),)),
    "open311/v2/requests/<case_code:code>.<o311_format:fmt>": Route(
        "public", (("code", "=A"), ("fmt", "=json"))
    ),
    "open311/v2/tokens/<o311_token:token>.<o311_format:fmt>": Route(
        "public", (("token", "=nothing-here"), ("fmt", "=json"))
    ),
}

# (in, out) object labels per persona and kind; None: no such object for this persona.
Scope = dict[str, tuple[str | None, str | None]]
FIRST_STREET: Scope = {
    "case": ("A", "B"),
    "photo": ("pA", "pB"),  # the before photos of A and B, both open cases
    "fresh": ("C", "D"),
    "community": ("c0", "c3"),
    "street": ("s0", "s1"),
    "batch": ("b0", "b1"),
    "topic": ("t0", "t1"),
    "survey": ("sv0", "sv1"),  # a survey of community 0 by its head, one of community 3
    "meeting": ("lm0", "lm1"),  # a liaison meeting in community 0, one in community 3
    # k0: a task of community 0 from its head to its grid worker (r0 that worker's row); k1 the
    # same in community 3. Only task.assign holders over it, its sender and assignees see one.
    "task": (None, "k1"),
    "tasktarget": (None, "r1"),
    "campaign": ("g0", "g1"),  # g0 of the first street, g1 of the second (the neighbour joins)
    "amenity": ("m0", "m3"),  # a public toilet in community 0, one in community 3
    # A shop of community 0 and one of community 3, each with an agreement and a photo.
    "shop": ("sh0", "sh1"),
    "agreement": ("ag0", "ag1"),
    "shopphoto": ("sp0", "sp1"),
    "chief": ("ch0", "ch1"),
    "volunteer": ("vo0", "vo1"),  # a pending volunteer of community 0, one of community 3
    "training": ("tr0", "tr1"),
    # A need, an open agenda item and a meeting of community 0, and the same of community 3.
    "need": ("nd0", "nd3"),
    "item": ("it0", "it3"),
    "council_meeting": ("mt0", "mt3"),
    "notice": ("no0", "no3"),
    "event": ("e0", "e3"),
    "story": ("ls0", "ls3"),
}
TASKS_OUT = {"task": (None, "k0"), "tasktarget": (None, "r0"), "campaign": (None, "g0")}
COMMUNITY_ONLY: Scope = {
    **FIRST_STREET,
    "street": (None, "s0"),
    "batch": (None, "b0"),
    "task": ("k0", "k1"),
    "tasktarget": ("r0", "r1"),
    "campaign": (None, "g0"),
}
DEPARTMENT: Scope = {
    "case": ("A", "B"),
    "photo": ("pA", "pB"),
    "fresh": (None, "D"),
    "community": (None, "c0"),
    "street": (None, "s0"),
    "batch": (None, "b0"),
    "topic": (None, "t0"),
    "survey": (None, "sv0"),
    "meeting": (None, "lm0"),
    "amenity": (None, "m0"),
    "shop": (None, "sh0"),
    "agreement": (None, "ag0"),
    "shopphoto": (None, "sp0"),
    "chief": (None, "ch0"),
    "volunteer": (None, "vo0"),
    "training": (None, "tr0"),
    "need": (None, "nd0"),
    "item": (None, "it0"),
    "council_meeting": (None, "mt0"),
    "notice": (None, "no0"),
    "event": (None, "e0"),
    "story": (None, "ls0"),
    **TASKS_OUT,
}
NOWHERE: Scope = {**{k: (None, v[0]) for k, v in FIRST_STREET.items()}, **TASKS_OUT}
EVERYWHERE: Scope = {
    **{k: (v[0], None) for k, v in FIRST_STREET.items()},
    "task": ("k0", None),
    "tasktarget": ("r0", None),
}
SCOPES: dict[str, Scope] = {
    "anonymous": NOWHERE,
    "resident": {**NOWHERE, "photo": ("pA", "pB")},  # they reported A, with its photo
    "grid_worker": COMMUNITY_ONLY,
    "station_head": COMMUNITY_ONLY,
    "dispatcher": FIRST_STREET,
    "handler": DEPARTMENT,  # sanitation: A is dispatched to it
    "other_handler": DEPARTMENT,  # water: summoned to A by the whistle
    "leader": EVERYWHERE,
    "neighbour": {
        **{k: (v[1], v[0]) for k, v in FIRST_STREET.items()},
        "task": ("k1", "k0"),
        "tasktarget": ("r1", "r0"),
    },
    "outsider": NOWHERE,
    "admin": EVERYWHERE,
}
NOT_SIGNED_IN = {"anonymous", "resident"}


@dataclass(frozen=True)
class Pattern:
    route: str  # as Django's ResolverMatch.route spells it
    parts: tuple  # the patterns from the root down
    admin: bool

    @property
    def names(self) -> list[str]:
        return [n for p in self.parts for n in _arg_names(p)]


GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
CONVERTED = re.compile(r"<(?:\w+:)?(\w+)>")


def _arg_names(pattern) -> list[str]:
    regex = GROUP if isinstance(pattern, RegexPattern) else CONVERTED
    return regex.findall(str(pattern))


def walk(patterns, parts=(), admin=False):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, (*parts, p.pattern), admin or p.namespace == "admin")
        else:
            chain = (*parts, p.pattern)
            route = str(chain[0]) + "".join(str(x).removeprefix("^") for x in chain[1:])
            yield Pattern(route, chain, admin)


def all_patterns() -> list[Pattern]:
    seen, found = set(), []
    for pattern in walk(get_resolver().url_patterns):
        if pattern.route not in seen:  # a shadowed duplicate (admin/login/) is one URL
            seen.add(pattern.route)
            found.append(pattern)
    return found


def url_of(pattern: Pattern, values: dict) -> str:
    path = ""
    for part in pattern.parts:
        if isinstance(part, RegexPattern):
            path += GROUP.sub(lambda m: str(values[m[1]]), str(part)).lstrip("^").rstrip("$")
        else:
            path += CONVERTED.sub(lambda m: str(values[m[1]]), str(part))
    return "/" + path


def test_every_url_pattern_has_an_entry():
    routes = {p.route for p in all_patterns() if not p.admin or p.route in ROUTES}
    missing = sorted(routes - set(ROUTES))
    assert not missing, (
        "新的 URL 没有进入权限矩阵：请在 civicgrid/people/tests/test_url_matrix.py 的 ROUTES 中为"
        f"以下路由添加一项（谁可访问、参数用哪个对象填）：{missing}"
    )
    stale = sorted(set(ROUTES) - routes)
    assert not stale, f"ROUTES 中这些路由已不存在，请删除：{stale}"
    for pattern in all_patterns():
        spec = ROUTES.get(pattern.route)
        if spec is not None:
            filled = {name.removeprefix("body:") for name, _ in spec.args}
            assert set(pattern.names) <= filled, f"{pattern.route}: 参数 {pattern.names} 未全部填写"


# --- the city the matrix runs over ------------------------------------------------------


@pytest.fixture
def world(city, people):
    """The objects of the module docstring by label, the staff by persona, the resident's
    browser (it reported case A)."""
    district, dept = city.users["dispatcher"], city.departments
    resident = Client(REMOTE_ADDR="10.44.0.1")
    upload = SimpleUploadedFile("p.jpg", gps_jpeg((64, 48)), "image/jpeg")
    done = resident.post(report_url(city), form_data(city, client_key="matrix-a", photos=[upload]))
    a = Case.objects.get(code=done.url.rstrip("/").rsplit("/", 1)[-1])
    wf.accept(case=a, actor=district)
    wf.dispatch(case=a, actor=district, department=dept["sanitation"])
    wf.whistle(case=a, actor=district, departments=[dept["water"]])
    b = new_case(city, community=3, photos=[photo()])
    wf.accept(case=b, actor=district)
    wf.dispatch(case=b, actor=district, department=dept["municipal"])
    c, d = new_case(city, community=0), new_case(city, community=3)
    signed_in = [name for name in SCOPES if name not in NOT_SIGNED_IN | {"admin"}]
    users = {name: getattr(people, name) for name in signed_in}
    users["admin"] = city.users["admin"]
    event = a.events.last()
    objects = {
        "A": a.code,
        "B": b.code,
        "C": c.code,
        "D": d.code,
        "A.pk": a.pk,
        "c0": city.communities[0].code,
        "c3": city.communities[3].code,
        "s0": city.streets[0].code,
        "s1": city.streets[1].code,
        "pA": a.attachments.get().image.name,
        "pB": b.attachments.get().image.name,
        "urge": "urge",
        "accept": "accept",
        "report_in": "report_in",
        "rate": "rate",
        "nothing-here": "nothing-here",
        "json": "json",
        "xml": "xml",
        "service": "matter-06010",
        "V09006": "V09006",
    }
    objects["pt"] = patrols.start(user=people.grid_worker).pk  # the grid worker's own patrol
    source = HotlineSource.objects.get(name=HOTLINE_SOURCE)
    imp = HotlineImport.objects.create(
        source=source, file_name="台账.xlsx", stored="", area_path=source.area.path
    )
    objects["hi"] = imp.pk
    objects["ho"] = HotlineOrder.objects.create(
        source=source, number="GZ1", case=d, placed=False, last_import=imp
    ).pk
    for i, street in enumerate(city.streets[:2]):
        batch = PosterBatch.objects.create(street=street, requested_by=district, token=f"t{i}")
        objects[f"b{i}"] = batch.pk
        topic = new_topic(city, area=street, actor=city.users["admin"])
        add_answer(topic, city.communities[2 * i], text="矩阵检查")
        objects[f"t{i}"] = topic.pk
    objects.update(_tasks_and_campaigns(city, people))
    for i in (0, 3):
        objects[f"m{i}"] = place(city.communities[i], name=f"矩阵公厕{i}").pk
    objects.update(duty_objects(city, people))
    objects.update(_shops(city, people))
    objects.update(volunteer_objects(city, people))
    objects.update(_surveys_and_meetings(city))
    objects.update(council_objects(city))
    objects.update(life_objects(city))
    for name, user in users.items():
        note, _ = Notification.objects.get_or_create(
            user=user, event=event, defaults={"case": a, "text": "矩阵检查"}
        )
        objects[f"n:{name}"] = note.pk
        objects[f"tk:{name}"] = tokens.issue(user, name="矩阵检查")[0].pk
    return objects, users, resident


def _tasks_and_campaigns(city, people) -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from civicgrid.cases.tests.helpers import category
    from civicgrid.field import assignments, campaigns

    due, today = timezone.now() + timedelta(days=3), timezone.localdate()
    found = {}
    for i, community in ((0, city.communities[0]), (1, city.communities[3])):
        worker = city.grid_workers[community.pk]
        task = assignments.assign(
            actor=city.heads[community.pk],
            title="矩阵检查任务",
            details="检查",
            deadline=due,
            assignees=[worker],
        )
        found[f"k{i}"], found[f"r{i}"] = task.pk, task.targets.get().pk
        street = city.streets[i]
        found[f"g{i}"] = campaigns.create(
            actor=city.dispatchers[street.pk],
            name="矩阵检查行动",
            area=street,
            areas=[street],
            categories=[category()],
            starts_on=today,
            ends_on=today,
            members=[people.neighbour] if i else [],
        ).pk
    return found


def _surveys_and_meetings(city) -> dict:
    from django.utils import timezone

    from civicgrid.consult.tests.test_surveys import new_survey
    from civicgrid.liaison import services as liaison

    found = {}
    for i, community in ((0, city.communities[0]), (1, city.communities[3])):
        head = city.heads[community.pk]
        found[f"sv{i}"] = new_survey(city, area=community, actor=head).pk
        found[f"lm{i}"] = liaison.create_meeting(
            actor=head,
            community=community,
            held_on=timezone.localdate() - timedelta(days=3),
            parties=["committee"],
            attendees="矩阵检查",
            minutes="矩阵检查",
        ).pk
    return found


def _shops(city, people) -> dict:
    from civicgrid.shops import services
    from civicgrid.shops.tests.helpers import new_shop

    found: dict[str, int | str] = {}
    for i, community in ((0, 0), (1, 3)):
        token = "shoptoken" if i == 0 else "shoptoken1"
        shop = new_shop(city, community=community, rating_token=token)
        head = city.heads[city.communities[community].pk]
        worker = city.grid_workers[city.communities[community].pk]
        today = date.today()
        signed = services.sign(
            shop=shop,
            actor=head,
            signer_name="王小明",
            starts_on=today,
            ends_on=today + timedelta(days=30),
            duties=["包市容"],
        )
        done = services.inspect(shop=shop, actor=worker, failed=[], score=5, photos=[photo()])
        found[f"sh{i}"], found[f"ag{i}"] = shop.pk, signed.pk
        found[f"sp{i}"] = done.photos.get().pk
        found[f"ch{i}"] = StreetChief.objects.create(
            street_name="矩阵路", area=shop.community, holder_name="街长", phone="07978157385"
        ).pk
    found["shoptoken"] = "shoptoken"
    return found


def scope_of(persona: str, kind: str) -> tuple[str | None, str | None]:
    if kind in ("notification", "token"):  # one's own, and the administrator's (or leader's)
        prefix = "n" if kind == "notification" else "tk"
        return f"{prefix}:{persona}" if persona not in NOT_SIGNED_IN else None, (
            f"{prefix}:leader" if persona == "admin" else f"{prefix}:admin"
        )
    return SCOPES[persona][kind]


def variants(persona: str, spec: Route):
    """(variant, {arg: label}) pairs: "in" and "out" for scoped arguments, else "any"."""
    fixed = {name: how[1:] for name, how in spec.args if how.startswith("=")}
    scoped = [(name, how) for name, how in spec.args if not how.startswith("=")]
    if not scoped:
        yield "any", fixed
        return
    for index, variant in enumerate(("in", "out")):
        if variant == "in" and spec.skip_in:
            continue
        labels = {name: scope_of(persona, kind)[index] for name, kind in scoped}
        if None not in labels.values():
            yield variant, {**fixed, **labels}


def body_for(spec: Route, values: dict):
    code = values.get("code")
    version = Case.objects.filter(code=code).values_list("version", flat=True).first() or 0
    note = "权限矩阵检查"
    if spec.body == "act":
        return {"version": version, "note": note, "reason": note}
    if spec.body == "json":
        return {"version": version, "note": note}
    if spec.body == "rate":
        return {"score": "1", "comment": note, "reason": note}
    if spec.body == "batch":
        return {"action": "accept", "codes": [values["body:codes"]]}
    return {}


def fingerprint():
    """What a refused request must leave as it was."""
    return (
        tuple(Case.objects.order_by("pk").values_list("version", "supporter_count", "rating")),
        CaseEvent.objects.count(),
        ContactView.objects.count(),
        PosterBatch.objects.count(),
        tuple(Topic.objects.order_by("pk").values_list("title", "ends_on")),
        Answer.objects.count(),
        SurveyResponse.objects.count(),
        Meeting.objects.count(),
        LiaisonAction.objects.count(),
        Notification.objects.filter(read_at=None).count(),
        ApiToken.objects.filter(revoked_at=None).count(),
        AssignmentLog.objects.count(),
        Campaign.objects.count(),
        CampaignCase.objects.count(),
        tuple(Amenity.objects.order_by("pk").values_list("name", "active")),
        AmenityLog.objects.count(),
        tuple(Showcase.objects.order_by("pk").values_list("title", "published_at")),
        ShowcaseLog.objects.count(),
        tuple(Shop.objects.order_by("pk").values_list("name", "points", "status")),
        tuple(StreetChief.objects.order_by("pk").values_list("street_name", "holder_name")),
        Inspection.objects.count(),
        Agreement.objects.count(),
        PointEntry.objects.count(),
        ServiceRating.objects.count(),
        council_fingerprint(),
        tuple(Notice.objects.order_by("pk").values_list("title", "status")),
        tuple(Event.objects.order_by("pk").values_list("title", "status", "reported_at")),
        tuple(LawStory.objects.order_by("pk").values_list("title", "status")),
        tuple(SignUp.objects.order_by("pk").values_list("state", "attended_at")),
    )


def admin_values(pattern: Pattern, objects: dict) -> dict:
    """Arguments of an admin URL: the first row of the page's model, whatever the model."""
    model = re.match(r"admin/(\w+)/(\w+)/", pattern.route)
    values: dict = {}
    for name in pattern.names:
        if name == "app_label":
            values[name] = "cases"
        elif name == "url":
            values[name] = "no-such-page/"
        elif name == "content_type_id":
            values[name] = ContentType.objects.get_for_model(Case).pk
        elif name in ("object_id", "id") and "content_type_id" in pattern.names:
            values[name] = objects["A.pk"]
        elif name in ("object_id", "id") and model:
            rows = apps.get_model(model[1], model[2])._default_manager.order_by("pk")
            values[name] = rows.values_list("pk", flat=True).first() or 0
        else:
            raise AssertionError(f"{pattern.route}: 请在 admin_values 中为参数 {name} 指定取值")
    return values


def request(client, method, url, spec, data):
    try:
        if method == "GET":
            return client.get(url)
        if spec.body == "json":
            return client.post(url, data, content_type="application/json")
        return client.post(url, data)
    except Exception as exc:  # noqa: BLE001 - reported as the server error it would be
        return exc


def refused_anonymously(response, access: str) -> bool:
    if access == "api":  # the API answers a wrong method before it asks who is calling
        return response.status_code in (401, 403, 404, 405)
    login = response.status_code == 302 and response["Location"].startswith("/login/")
    return login or response.status_code == 404


def admin_login(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("persona", sorted(SCOPES))
def test_every_url_holds_for_this_persona(world, persona):
    objects, users, resident = world
    client, problems = Client(REMOTE_ADDR="10.44.0.2"), []
    if persona == "resident":
        client = resident
    elif persona in users:
        client.force_login(users[persona])
    for pattern in all_patterns():
        spec = ROUTES.get(pattern.route)
        if spec is None:
            if pattern.admin:
                problems += check_admin(pattern, persona, client, objects)
            continue  # test_every_url_pattern_has_an_entry reports it
        for variant, labels in variants(persona, spec):
            values = {name: objects[label] for name, label in labels.items()}
            url = url_of(pattern, values)
            assert resolve(url).route == pattern.route, url
            for method in ("GET", "POST"):
                data = body_for(spec, values) if method == "POST" else {}
                problems += check(client, persona, spec, variant, method, url, data)
                if persona in users and "_auth_user_id" not in client.session:
                    client.force_login(users[persona])  # after /logout/
    assert not problems, "\n".join(problems)


def check(client, persona, spec: Route, variant, method, url, data) -> list[str]:
    """One request, and what is wrong with its answer."""
    anonymous = persona in NOT_SIGNED_IN and spec.access != "public"
    allowed = spec.may == ANYONE or persona in spec.may
    frozen = variant == "out" or anonymous or (method == "POST" and not allowed)
    # An object named in the body (a batch's ticked codes) is refused in the page's message.
    out_in_url = variant == "out" and not any(n.startswith("body:") for n, _ in spec.args)
    before = fingerprint() if frozen else None
    response = request(client, method, url, spec, data)
    where = f"{persona} {method} {url} [{variant}]"
    if isinstance(response, Exception):
        return [f"{where}: 异常 {response!r}"]
    status, problems = response.status_code, []
    if status >= 500:
        problems.append(f"{where}: {status}")
    elif anonymous and not refused_anonymously(response, spec.access):
        problems.append(f"{where}: 未登录却得到 {status}")
    elif out_in_url and not anonymous and status not in (403, 404, 405):
        problems.append(f"{where}: 管辖范围外的对象得到 {status}")
    if frozen and fingerprint() != before:
        problems.append(f"{where}: 无权限的请求改变了数据")
    return problems


def check_admin(pattern: Pattern, persona: str, client, objects) -> list[str]:
    """Non-staff: every admin URL sends them to the admin login. The administrator: no 500
    on any page (GET only: an admin's POST is an admin's business)."""
    url = url_of(pattern, admin_values(pattern, objects))
    problems = []
    methods = ("GET",) if persona == "admin" else ("GET", "POST")
    for method in methods:
        response = request(client, method, url, Route("staff"), {})
        where = f"{persona} {method} {url}"
        if isinstance(response, Exception):
            problems.append(f"{where}: 异常 {response!r}")
        elif response.status_code >= 500:
            problems.append(f"{where}: {response.status_code}")
        elif persona != "admin" and not admin_login(response):
            problems.append(f"{where}: 非管理员得到 {response.status_code}")
    return problems
