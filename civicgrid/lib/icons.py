"""Class icons: SVG files of the vendored Tabler set, named by `Category.icon`.

Only the icons in use are vendored; a name without a file (an old emoji, a typo in admin)
falls back to a neutral icon instead of a broken image.
"""

from functools import cache

from django.conf import settings
from django.templatetags.static import static

ICON_DIR = "vendor/tabler-icons-3.51.0"
UNKNOWN = "help"  # "不知道分类"
FOUND = "search"  # a class found by the search box, or one without an icon


@cache
def _exists(name: str) -> bool:
    return (settings.BASE_DIR / "static" / ICON_DIR / f"{name}.svg").is_file()


def icon_url(name: str, default: str = FOUND) -> str:
    """The URL of an icon's SVG, or of `default` when there is no such icon."""
    if not (name and name.replace("-", "").isalnum() and name.isascii() and _exists(name)):
        name = default
    return static(f"{ICON_DIR}/{name}.svg")
