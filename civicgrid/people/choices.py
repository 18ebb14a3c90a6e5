from django.db import models
from django.utils.translation import gettext_lazy as _


class DepartmentKind(models.TextChoices):
    SANITATION = "sanitation", _("环卫")
    LANDSCAPING = "landscaping", _("园林")
    MUNICIPAL = "municipal", _("市政")
    HOUSING = "housing", _("住建")
    GAS = "gas", _("燃气")
    WATER = "water", _("供水")
    ENFORCEMENT = "enforcement", _("执法中队")
    TRAFFIC = "traffic", _("交通")
    POWER = "power", _("电力")
    TELECOM = "telecom", _("通信")
    OTHER = "other", _("其他")
