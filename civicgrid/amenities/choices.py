from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a resident looks for on the convenience map (workstations come from people)."""

    TOILET = "toilet", _("公厕")
    PARK = "park", _("公园游园")
    STALL = "stall", _("便民摊点")
    RECYCLING = "recycling", _("再生资源回收点")


LOG_ACTIONS = {
    "create": _("新增"),
    "update": _("修改"),
    "deactivate": _("停用"),
    "activate": _("启用"),
}
