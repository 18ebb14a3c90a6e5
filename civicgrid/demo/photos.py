"""Small generated photos for the demo city and the tests."""

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

BEFORE_COLOURS = [(150, 110, 80), (120, 120, 100), (140, 90, 70), (110, 100, 90)]
AFTER_COLOURS = [(90, 160, 110), (80, 150, 170), (120, 180, 120), (100, 170, 150)]


def photo(kind: str = "before", *, seed: int = 0, size=(320, 240), exif: bytes | None = None):
    """A JPEG upload: a coloured scene with a few shapes, different for before and after."""
    rnd = random.Random(seed)
    colours = BEFORE_COLOURS if kind == "before" else AFTER_COLOURS
    img = Image.new("RGB", size, rnd.choice(colours))
    draw = ImageDraw.Draw(img)
    for _ in range(6 if kind == "before" else 2):
        x, y = rnd.randrange(size[0]), rnd.randrange(size[1])
        r = rnd.randrange(10, 50)
        draw.ellipse(
            (x - r, y - r, x + r, y + r), fill=tuple(rnd.randrange(40, 220) for _ in "rgb")
        )
    out = io.BytesIO()
    img.save(out, "JPEG", quality=70, **({"exif": exif} if exif else {}))
    return SimpleUploadedFile(f"{kind}-{seed}.jpg", out.getvalue(), content_type="image/jpeg")
