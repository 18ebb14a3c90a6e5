"""How the duty pages answer a POST: the service's refusal as a message on the page it came
from, a missing right as a 403, a bad form's errors as messages."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from civicgrid.duties.errors import DutyError, NotAllowed
from civicgrid.lib.forms import report_form_errors


class Refused(Exception):
    """The form's errors are on the page's messages already."""


def cleaned(request, form) -> dict:
    if not form.is_valid():
        report_form_errors(request, form)
        raise Refused
    return form.cleaned_data


def applied(request, back: str, call: Callable[[], str | None]):
    """Run `call` (which returns the success message, if any), then go back."""
    try:
        done = call()
    except Refused:
        pass
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except DutyError as exc:
        messages.error(request, str(exc))
    else:
        if done:
            messages.success(request, str(done))
    return redirect(back)
