"""Public pages: the red and black lists of a street or community, and the shop's rating of
the service (from the link on its notice; the token names the shop, nothing else does)."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from civicgrid.areas.choices import Level
from civicgrid.areas.models import Area
from civicgrid.cases.errors import InvalidInput
from civicgrid.shops import services
from civicgrid.shops.board import chiefs_in, lists_for
from civicgrid.shops.forms import RatingForm
from civicgrid.shops.models import PointScheme, Shop


def board(request, code):
    """红榜 and 黑榜 of a street or community: shop names and points, no owner data."""
    area = get_object_or_404(Area, code=code, level__in=[Level.STREET, Level.COMMUNITY])
    context = {"area": area, "scheme": PointScheme.current(), "chiefs": chiefs_in(area)}
    context.update(lists_for(area))
    return render(request, "shops/board.html", context)


def rate(request, token):
    """The shop rates the service it received this month, 1 to 5 and a comment."""
    shop = get_object_or_404(Shop, rating_token=token)
    form = RatingForm(request.POST or None)
    done = None
    if request.method == "POST" and form.is_valid():
        try:
            done = services.rate_service(shop=shop, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_error(None, str(exc))
    rated = shop.ratings.filter(period=services.period_of()).exists()
    status = 400 if form.is_bound and not done else 200
    context = {"shop": shop, "form": form, "done": done, "rated": rated, "title": _("评价服务")}
    return render(request, "shops/rate.html", context, status=status)
