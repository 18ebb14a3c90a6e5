from django.db import models
from django.utils.translation import gettext_lazy as _


class Datatype(models.TextChoices):
    """The attribute datatypes of GeoReport v2 (GET Service Definition)."""

    STRING = "string", _("短文本")
    NUMBER = "number", _("数字")
    DATETIME = "datetime", _("日期时间")
    TEXT = "text", _("长文本")
    SINGLE = "singlevaluelist", _("单选")
    MULTI = "multivaluelist", _("多选")


LISTS = frozenset({Datatype.SINGLE, Datatype.MULTI})
