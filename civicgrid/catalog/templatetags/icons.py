from django import template
from django.utils.html import format_html

from civicgrid.lib.icons import FOUND, icon_url

register = template.Library()


@register.simple_tag
def icon(name, default=FOUND):
    """A decorative class icon: `{% icon category.icon %}`."""
    return format_html(
        '<img class="icon" src="{}" alt="" width="24" height="24">', icon_url(name, default)
    )
