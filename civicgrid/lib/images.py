"""Uploaded photos: refuse what is not an image, re-encode what is, drop EXIF (GPS included)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PHOTOS = 9  # per report or action: what a phone's picker sends in one go
MAX_SIDE = 2560
MAX_PIXELS = 40_000_000


class BadImage(ValueError):
    pass


def clean_photo(upload) -> SimpleUploadedFile:
    """A fresh JPEG of the upload, scaled to at most MAX_SIDE, with no metadata carried over."""
    name = getattr(upload, "name", "photo") or "photo"
    if upload.size > MAX_UPLOAD_BYTES:
        raise BadImage(_("照片“%(name)s”超过 10 MB，请压缩后再上传") % {"name": name})
    too_big = BadImage(
        _("图片“%(name)s”像素过大（最多 %(mp)s 万像素），请缩小或截图后再上传")
        % {"name": name, "mp": MAX_PIXELS // 10_000}
    )
    try:
        upload.seek(0)
        # Pillow refuses a header claiming over twice its own limit (a decompression bomb)
        # before decoding a byte; below that, our smaller limit is checked on the header alone.
        with Image.open(upload) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise too_big
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as original:
            img = ImageOps.exif_transpose(original)
            img = img.convert("RGB")
            img.thumbnail((MAX_SIDE, MAX_SIDE))
            img.info = {}  # Pillow would carry comments and ICC data into the new file
            out = io.BytesIO()
            img.save(out, "JPEG", quality=82, optimize=True)
    except Image.DecompressionBombError as exc:
        raise too_big from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise BadImage(
            _("文件“%(name)s”不是可识别的图片，请上传 JPG 或 PNG 照片") % {"name": name}
        ) from exc
    stem = name.rsplit(".", 1)[0][:40] or "photo"
    return SimpleUploadedFile(f"{stem}.jpg", out.getvalue(), content_type="image/jpeg")
