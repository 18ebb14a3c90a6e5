"""Shared pieces of the resident-page tests."""

import io

from django.urls import reverse
from PIL import ExifTags, Image

from civicgrid.cases.tests.helpers import category
from civicgrid.intake.residents import owner_key

PHONE = "13812345678"


def gps_jpeg(size=(2000, 1500), colour=(150, 110, 80)) -> bytes:
    """A phone-like JPEG with EXIF: camera make and the GPS position where it was taken."""
    img = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "CivicPhone"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (25.0, 50.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (114.0, 56.0, 7.25)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80, exif=exif)
    return out.getvalue()


def report_url(city, community=0):
    return reverse("intake:report", kwargs={"community_code": city.communities[community].code})


def form_data(city, **extra):
    """A complete report at the centre of the first grid."""
    grid = city.grids[0]
    grid.refresh_from_db()
    data = {
        "category": category("06042").pk,
        "description": "垃圾桶满了，垃圾溢到地上",
        "address": "西津路口",
        "lng": grid.centroid_lng,
        "lat": grid.centroid_lat,
        "reporter_phone": PHONE,
        "privacy": "on",
        "client_key": "k-1",
    }
    data.update(extra)
    return data


def track_url(case, *, key=False):
    url = reverse("intake:track", kwargs={"code": case.code})
    return f"{url}?k={owner_key(case.code)}" if key else url


def act_url(case, action):
    return reverse("intake:track-act", kwargs={"code": case.code, "action": action})
