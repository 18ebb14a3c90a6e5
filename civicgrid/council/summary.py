"""The council card of the public community page: a few figures and the way in."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from civicgrid.areas.models import Area
from civicgrid.council.choices import ItemStatus, NeedStatus
from civicgrid.council.models import AgendaItem, Need


def _count(model, **where):
    rows = model.objects.filter(community=OuterRef("pk"), **where).order_by()
    counted = rows.values("community").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def council_summary(community) -> dict | None:
    """Needs taken, needs done and items open for support: one query."""
    found = (
        Area.objects.filter(pk=community.pk)
        .values(
            total=_count(Need),
            done=_count(Need, status=NeedStatus.DONE),
            open_items=_count(AgendaItem, status=ItemStatus.OPEN),
        )
        .first()
    )
    return dict(found) if found is not None else None
