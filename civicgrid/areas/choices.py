from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    CITY = 1, _("市")
    DISTRICT = 2, _("区县")
    STREET = 3, _("街道")
    COMMUNITY = 4, _("社区")
    GRID = 5, _("网格")


class CoordSystem(models.TextChoices):
    WGS84 = "wgs84", _("WGS-84（GPS）")
    GCJ02 = "gcj02", _("GCJ-02（高德/腾讯/微信）")
    BD09 = "bd09", _("BD-09（百度）")
