from django.db import models
from django.utils.translation import gettext_lazy as _


class ShopStatus(models.TextChoices):
    OPEN = "open", _("营业")
    PAUSED = "paused", _("歇业")
    GONE = "gone", _("已迁出")


class BusinessType(models.TextChoices):
    FOOD = "food", _("餐饮")
    RETAIL = "retail", _("零售")
    SERVICE = "service", _("生活服务")
    REPAIR = "repair", _("维修")
    OTHER = "other", _("其他")


class Standing(models.TextChoices):
    """Where a shop's points put it: the red list 红榜, the black list 黑榜, or neither."""

    NONE = "", _("未上榜")
    RED = "red", _("红榜")
    BLACK = "black", _("黑榜")


class RuleUse(models.TextChoices):
    """Where a points rule is applied."""

    ITEM = "item", _("检查项目（不合格时扣分）")
    PASS = "pass", _("检查全部合格")
    AWARD = "award", _("评选与奖惩（手工记分）")


# The duties of a frontage agreement 门前三包责任书, as a city usually words them; the agreement
# keeps its own copy, so editing these changes no signed agreement.
DUTIES = [
    _("包市容：门前无乱堆乱放、乱张贴、乱搭建，不店外经营"),
    _("包环境卫生：门前无垃圾、污水、油污，及时清扫保洁"),
    _("包秩序：门前车辆停放有序，不占道，不影响通行"),
    _("包绿化：爱护门前树木绿地和公共设施"),
]
