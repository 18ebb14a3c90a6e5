from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedCategory(models.TextChoices):
    SERVICE = "service", _("便民服务")
    ENVIRONMENT = "environment", _("环境改善")
    REPAIR = "repair", _("设施维修")
    CULTURE = "culture", _("文化活动")
    OTHER = "other", _("其他")


class NeedStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    ACCEPTED = "accepted", _("已受理")
    ASSIGNED = "assigned", _("已派单")
    DONE = "done", _("已办结")
    DECLINED = "declined", _("不予受理")
    CASE = "case", _("已转案件")


class ItemStatus(models.TextChoices):
    OPEN = "open", _("征集附议中")
    ACCEPTED = "accepted", _("已列入议程")
    DECLINED = "declined", _("未列入议程")


class MeetingKind(models.TextChoices):
    COUNCIL = "council", _("居民议事会")
    TALK = "talk", _("恳谈会")
    CONSULT = "consult", _("协商会")


ATTENDEE_ROLES = ("居民代表", "居委会", "物业", "业委会", "工作人员", "其他")
