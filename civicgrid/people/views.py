"""My personal API tokens: list, create (shown once), revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.people import tokens
from civicgrid.people.forms import TokenForm
from civicgrid.people.models import ApiToken


def _page(request, form, status=200):
    mine = ApiToken.objects.filter(user=request.user)
    context = {
        "tokens": mine,
        "form": form,
        "may_create": tokens.may_hold(request.user),
        "now": timezone.now(),
    }
    return render(request, "people/token_list.html", context, status=status)


@login_required
def token_list(request):
    """My tokens, newest first, and the form for a new one."""
    return _page(request, TokenForm())


@login_required
@require_POST
def token_create(request):
    """A new token, shown once on the answer to this POST: never stored, never redirected to."""
    if not tokens.may_hold(request.user):
        raise PermissionDenied(_("只有持有岗位角色的工作人员才能创建 API 令牌"))
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=422)
    token, raw = tokens.issue_logged(
        request, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
    )
    return render(request, "people/token_created.html", {"token": token, "raw": raw})


@login_required
def token_revoke(request, pk):
    """Confirm (GET), then revoke (POST) one of my tokens."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if request.method != "POST":
        return render(request, "people/token_revoke.html", {"token": token})
    tokens.revoke_logged(request, token)
    messages.success(
        request, _("令牌“%(name)s”已吊销，使用它的程序将无法再调用接口") % {"name": token.name}
    )
    return redirect("people:token-list")
