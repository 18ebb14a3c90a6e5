"""Stored files: random names on disk, and sending one after its view has checked access.

An uploader's file name can say who they are or where ("张三家门口.jpg"), and a guessable
name invites enumeration, so every upload is stored as `<folder>/<uuid4 hex>.<ext>`.
"""

import mimetypes
import os
import posixpath
import uuid

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.deconstruct import deconstructible

# What a stored image may be called; anything else is kept as .jpg, the re-encoded format.
IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "webp", "gif"}
RANDOM_TAIL = r"(^|/)[0-9a-f]{32}\.[a-z]+$"  # a name RandomName made
PUBLIC_MAX_AGE = 3600  # a public photo can stop being public (a case reopened)


@deconstructible
class RandomName:
    """An `upload_to` that keeps only the file's extension: `folder/<uuid4 hex>.<ext>`.

    `folder` may hold strftime codes (`cases/%Y/%m/`), like a plain upload_to.
    """

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        return random_name(timezone.now().strftime(self.folder), filename)


def random_name(folder: str, filename: str) -> str:
    ext = posixpath.splitext(filename or "")[1].lstrip(".").lower()
    return posixpath.join(folder, f"{uuid.uuid4().hex}.{ext if ext in IMAGE_EXTENSIONS else 'jpg'}")


def send(name: str, *, public: bool) -> HttpResponseBase:
    """The stored file `name` (already cleared for this request), or 404 if it is gone.

    Embedded, the app streams it; behind a proxy (CIVICGRID_MEDIA_ACCEL_REDIRECT, e.g.
    "/protected/", an nginx `internal` location on MEDIA_ROOT) the proxy does.
    """
    if not default_storage.exists(name):
        raise Http404
    accel = getattr(settings, "CIVICGRID_MEDIA_ACCEL_REDIRECT", "")
    response: HttpResponseBase
    if accel:
        response = HttpResponse(content_type=_content_type(name))
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + name
    else:
        response = FileResponse(default_storage.open(name, "rb"))
    response["Cache-Control"] = (
        f"public, max-age={PUBLIC_MAX_AGE}" if public else "private, max-age=600"
    )
    if not public:
        response["Vary"] = "Cookie"
    return response


def _content_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def rename_stored(model, field: str) -> int:
    """Move the files of `model.field` to random names, in their own folder (a data migration).

    Each file is linked under its new name and every row pointing at it updated; the old name
    goes once the transaction commits, so a failed migration leaves the old rows working.
    """
    renamed: list[str] = []
    rows = model.objects.exclude(**{field: ""}).exclude(**{f"{field}__regex": RANDOM_TAIL})
    for name in rows.values_list(field, flat=True).distinct().order_by(field):
        if not default_storage.exists(name):
            continue  # nothing on disk to hide; the row keeps its name
        new = random_name(posixpath.dirname(name), name)
        try:
            os.link(default_storage.path(name), default_storage.path(new))
        except (NotImplementedError, OSError):  # no local paths, or no hard links: copy
            with default_storage.open(name, "rb") as fh:
                new = default_storage.save(new, fh)
        model.objects.filter(**{field: name}).update(**{field: new})
        renamed.append(name)

    def forget_old():
        for name in renamed:
            default_storage.delete(name)

    transaction.on_commit(forget_old)
    return len(renamed)
