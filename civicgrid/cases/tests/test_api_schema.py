"""The API against its own OpenAPI document, fuzzed by schemathesis as a signed-in dispatcher
(a session with its CSRF pair) and as a dispatcher's personal API token.

Every operation of /api/v1/openapi.json gets generated requests, valid ones and invalid ones;
every answer must be no server error and must match the status, content type and body the
document declares, and invalid input must be refused. For the valid requests the codes in
paths and the filters' ids are drawn from real rows (and one that does not exist of each), so
the actions and filters run rather than only ever meeting a 404 or 422. Offline, through the
WSGI application, deterministic, bounded in examples. Hypothesis drives schemathesis's
strategies directly: its pytest plugin reaches into pytest internals pytest 9 no longer has.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from civicgrid.cases.tests.helpers import new_case
from civicgrid.people import tokens

pytestmark = pytest.mark.django_db

CSRF = "a" * 32  # a valid CSRF secret: sent as the cookie and, unmasked, as the header
EXAMPLES = 100  # per operation and mode, with a session
TOKEN_EXAMPLES = 30  # the same with a token: it only changes who is asking
ACTIONS = ["accept", "dispatch", "reject", "comment", "urge", "merge", "fly"]

# Schema-valid is not always acceptable: an area or a class that does not exist, a date range
# that ends before it starts, an action the case's state forbids. Those are 404/409/422 answers
# in the documented shape, which the other checks hold us to.
EXCLUDED = [positive_data_acceptance]
# The area list takes only optional query parameters, so a "negative" value that serialises to
# nothing (an empty object for `q`, say) is a valid request, which it rightly answers: its bad
# input is tested by hand in areas/tests/test_api.py (unknown, repeated, malformed, too long).
OPTIONAL_ONLY = {("GET", "/api/v1/areas")}


@pytest.fixture
def signed_in(city, people):
    client = Client()
    client.force_login(people.dispatcher)
    return client


@pytest.fixture
def bearer(people, settings):
    settings.CIVICGRID_RATE_API_PER_TOKEN_MINUTE = 0  # hundreds of calls a minute, on purpose
    return tokens.issue(people.dispatcher, name="schemathesis")[1]


@pytest.fixture
def document(signed_in):
    return signed_in.get("/api/v1/openapi.json").json()


@pytest.fixture
def app(document):
    """The WSGI application, keeping the test's database connection open between requests, as
    Django's test client does (and does again after each of its own requests, hence after the
    document): on PostgreSQL, closing it would end the test's transaction."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield WSGIHandler()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def real_values(city):
    cases = [new_case(city) for _ in range(3)]
    return {
        "code": [c.code for c in cases] + ["2222222222222222"],
        "action": ACTIONS,
        "area": [city.streets[0].code, city.communities[0].code, "360702999"],
        "category": [cases[0].category_id, cases[0].category.parent_id, 999_999],
        "department": [city.departments["sanitation"].pk, 999_999],
        "parent": [city.streets[0].code, city.communities[0].code, "360702999"],
        ("/api/v1/areas/{code}", "code"): [city.communities[0].code, city.grids[0].code, "9"],
        # The create's body: places and classes that exist (and one that does not of each).
        ("ReportIn", "area"): [city.communities[0].code, city.grids[0].code, "360702999"],
        ("ReportIn", "category"): ["06010", "matter:06042", "01001", "06999"],
    }


def load(raw: dict, app, *, session: str = "", token: str = ""):
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = app
    # The credentials are ours: generated ones would only meet the login wall each time.
    schema.config.generation.update(with_security_parameters=False)

    @schema.auth()
    class Staff:
        """The dispatcher's session with the CSRF pair a POST needs, or their token."""

        def get(self, case, context):
            return token or session

        def set(self, case, data, context):
            # Through WSGI no client undoes a gzip (catalog/tests/test_api.py checks that one).
            case.headers = {**(case.headers or {}), "Accept-Encoding": "identity"}
            if token:
                case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}
                return
            case.cookies = {**(case.cookies or {}), "sessionid": data, "csrftoken": CSRF}
            case.headers = {**(case.headers or {}), "X-CSRFToken": CSRF}

    return schema


def drawn_from(raw: dict, values: dict) -> dict:
    """The document with these parameters narrowed to the given values: by name, by (path,
    name) for one operation's, by (schema, property) for a field of a request body."""
    for url, path in raw["paths"].items():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                found = values.get((url, parameter["name"]), values.get(parameter["name"]))
                if found is not None:
                    kind = parameter["schema"].get("type", "integer")
                    parameter["schema"] = {"type": kind, "enum": found}
    schemas = raw["components"]["schemas"]
    for key, found in values.items():
        if isinstance(key, tuple) and key[0] in schemas:
            schemas[key[0]]["properties"][key[1]] = {"type": "string", "enum": found}
    return raw


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("login", ["session", "token"])
def test_every_operation_keeps_to_the_schema(
    app, document, signed_in, bearer, real_values, mode, login
):
    raw = document
    if mode == GenerationMode.POSITIVE:
        raw = drawn_from(raw, real_values)
    if login == "token":
        schema = load(raw, app, token=bearer)
    else:
        schema = load(raw, app, session=signed_in.cookies["sessionid"].value)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 6
    if mode == GenerationMode.NEGATIVE:  # an operation with no input has no invalid one
        operations = [
            op
            for op in operations
            if op.definition.raw.get("parameters") or op.definition.raw.get("requestBody")
        ]
    examples = EXAMPLES if login == "session" else TOKEN_EXAMPLES
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case):
            excluded = EXCLUDED
            if mode == GenerationMode.NEGATIVE and (case.method, case.path) in OPTIONAL_ONLY:
                excluded = [*EXCLUDED, negative_data_rejection]
            case.call_and_validate(excluded_checks=excluded)

        fuzz()
