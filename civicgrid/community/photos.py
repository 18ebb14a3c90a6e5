"""Who may see the photos of an event report or a 以案普法 story: anyone once it is
published, its publishers before (a preview)."""

from django.db.models import Q

from civicgrid.community.choices import Publication
from civicgrid.community.models import Event, EventPhoto, LawStory
from civicgrid.community.publishing import may_preview


def photo_access(request, name: str):
    """'public', 'private' (a preview), or None: not ours, or not for this request."""
    if not name.startswith(("events/", "lawstories/")):
        return None
    photo = EventPhoto.objects.filter(image=name).select_related("event__community").first()
    owner: Event | LawStory | None = photo.event if photo else None
    owner = owner or (
        LawStory.objects.filter(Q(before=name) | Q(after=name)).select_related("community").first()
    )
    if owner is None:
        return None
    if owner.status == Publication.PUBLISHED:
        return "public"
    return "private" if may_preview(request.user, owner) else None
