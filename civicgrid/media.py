"""The /media/ route: a stored file only for whoever may see it, else 404.

Case photos follow civicgrid/cases/photos.py, a task's photos whoever sees the task (field/
assignments.py), a progress report's photos whoever sees its task (duties/plans.py); staff
photos on a community's public roster are public, other staff photos are for the admin; the
photos chosen for a published typical case 典型案例 are public, as are those of a published
event report or 以案普法 story (community/photos.py); a need's photo is for the staff who
handle the need (council/needs.py).
Anything else (poster PDFs have their own checked view) is a 404, as is a file someone may
not see: no answer tells that it exists.
"""

from django.contrib import admin
from django.http import Http404

from civicgrid.cases import photos
from civicgrid.community.photos import photo_access as community_photo_access
from civicgrid.council.needs import photo_access as need_photo_access
from civicgrid.duties.plans import report_photo_access
from civicgrid.field.assignments import task_photo_access
from civicgrid.lib import media
from civicgrid.people.models import StaffProfile
from civicgrid.stations.showcase import photo_access as showcase_photo_access

MAX_NAME = 100  # FileField's max_length: a longer name is stored nowhere


def serve(request, path: str):
    if "\x00" in path or len(path) > MAX_NAME:
        raise Http404
    access = photos.access(request, path) or _staff_photo(request, path)
    access = (
        access
        or task_photo_access(request, path)
        or report_photo_access(request, path)
        or showcase_photo_access(path)
        or need_photo_access(request, path)
        or community_photo_access(request, path)
    )
    if access is None:
        raise Http404
    return media.send(path, public=access == "public")


def _staff_photo(request, name: str) -> photos.Access:
    profiles = StaffProfile.objects.filter(photo=name)
    if profiles.filter(on_roster=True).exists():
        return "public"
    if admin.site.has_permission(request) and profiles.exists():
        return "private"
    return None
