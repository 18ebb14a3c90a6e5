"""Looking shops up for a user: 404 outside their scope, 403 for a missing action."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from civicgrid.people import actions
from civicgrid.people.scopes import can, scope_filter
from civicgrid.shops.models import Shop, StreetChief

SHOP_ACTIONS = (actions.SHOP_INSPECT, actions.SHOP_MANAGE)


def shop_scope(user) -> Q:
    """Shops whose duties the user inspects or manages."""
    q = Q(pk__in=[])
    for action in SHOP_ACTIONS:
        q |= scope_filter(user, action, department=None)
    return q


def visible_shops(user):
    return Shop.objects.filter(shop_scope(user))


def visible_chiefs(user):
    q = Q(pk__in=[])
    for action in SHOP_ACTIONS:
        q |= scope_filter(user, action, department=None)
    return StreetChief.objects.filter(q)


def require_shops(user) -> None:
    if not any(can(user, a) for a in SHOP_ACTIONS):
        raise PermissionDenied(_("您没有门前三包的权限"))


def shop_for(user, pk: int, action: str | None = None) -> Shop:
    """A shop in the user's scope (404 otherwise); with `action`, one they may do it to (403)."""
    shop = visible_shops(user).select_related("community", "grid", "street_chief").filter(pk=pk)
    found = shop.first()
    if found is None:
        raise Http404(_("商户不存在或不在您的管辖范围内"))
    if action and not can(user, action, found):
        raise PermissionDenied(_("您没有对该商户进行此项操作的权限"))
    return found
