"""Where staff land after signing in: phone field workers on their tasks, everyone else at the desk.

Field work means holding case.handle or case.verify without case.accept or case.dispatch (grid
workers, department handlers, officers); a station head or dispatcher has desk work first.
A phone is what the browser says it is: "Mobi" in the User-Agent (MDN's advice) or the
Sec-CH-UA-Mobile client hint.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.cache import patch_vary_headers

from civicgrid.people import actions as A
from civicgrid.people.scopes import can

FIELD_WORK = (A.CASE_HANDLE, A.CASE_VERIFY)
DESK_WORK = (A.CASE_ACCEPT, A.CASE_DISPATCH)


def does_field_work(user) -> bool:
    """Handles or verifies cases on site and has no accept or dispatch inbox."""
    return any(can(user, a) for a in FIELD_WORK) and not any(can(user, a) for a in DESK_WORK)


def on_phone(request) -> bool:
    return "Mobi" in request.headers.get("User-Agent", "") or (
        request.headers.get("Sec-CH-UA-Mobile") == "?1"
    )


@login_required
def start(request):
    """The staff start page: the field task list on a phone for field workers, else the cases."""
    phone_work = on_phone(request) and does_field_work(request.user)
    response = redirect("field:task-list" if phone_work else "cases:case-list")
    patch_vary_headers(response, ["User-Agent", "Sec-CH-UA-Mobile"])
    return response
