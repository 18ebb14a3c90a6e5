"""A shop's cases and enforcement measures, as its page shows them.

A case is the shop's when (a) an officer recorded the shop's licence number as the
enforcement party's (found by its digest; the party stays masked), or (b) it was reported
within RADIUS_M of the shop's point: a frontage is a few metres deep, and the street's other
shops lie further off. The address text is not matched: residents spell it too freely.
Only cases the viewer may see are listed (Case.visible_to).
"""

import math

from django.db.models import Q
from django_stubs_ext import StrOrPromise

from civicgrid.areas.geo import haversine_m
from civicgrid.cases.enforcement.services import measures_for
from civicgrid.cases.models import Case
from civicgrid.catalog.choices import Measure
from civicgrid.lib.crypto import digest

RADIUS_M = 30
LIMIT = 30


def _near(shop) -> Q:
    if shop.lng is None or shop.lat is None:
        return Q(pk__in=[])
    dlat = RADIUS_M / 111_320
    dlng = dlat / max(math.cos(math.radians(shop.lat)), 0.01)
    return Q(
        lng__range=(shop.lng - dlng, shop.lng + dlng), lat__range=(shop.lat - dlat, shop.lat + dlat)
    )


def shop_cases(*, shop, user):
    """The shop's cases this user may see: a queryset of them all, and the newest to list."""
    key = digest(shop.licence_no)
    candidates = Case.objects.visible_to(user).filter(
        Q(enforcement__party_id_digest=key) | _near(shop)
    )
    rows = candidates.values_list("pk", "lng", "lat", "enforcement__party_id_digest")
    ids = [pk for pk, lng, lat, party in rows if party == key or _within(shop, lng, lat)]
    found = Case.objects.filter(pk__in=ids)
    shown = found.select_related("category", "enforcement").order_by("-reported_at")[:LIMIT]
    return found, list(shown)


def _within(shop, lng, lat) -> bool:
    return lng is not None and haversine_m(shop.lng, shop.lat, lng, lat) <= RADIUS_M


def measure_counts(found) -> list[tuple[StrOrPromise, int]]:
    """(measure label, count) for measures taken on the shop's cases, the zeros left out."""
    labels = dict(Measure.choices)
    return [(labels[k], n) for k, n in measures_for(found).items() if n]
