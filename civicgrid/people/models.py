from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.lib.media import RandomName
from civicgrid.people.actions import ACTIONS
from civicgrid.people.choices import DepartmentKind


class Department(models.Model):
    """A unit that handles cases: 环卫, 园林, 市政, 执法中队 and so on."""

    code = models.CharField(_("编码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=DepartmentKind.choices)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("辖区"), null=True, blank=True, on_delete=models.PROTECT
    )
    phone = models.CharField(_("电话"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Workstation(models.Model):
    """The city-management workstation (工作站) of one community, with its public roster."""

    community = models.OneToOneField(
        "areas.Area", verbose_name=_("社区"), on_delete=models.PROTECT, related_name="workstation"
    )
    name = models.CharField(_("名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    hours = models.CharField(_("办公时间"), max_length=100, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    # Where check-ins at the workstation are measured from (WGS-84).
    lng = models.FloatField(_("经度"), null=True, blank=True)
    lat = models.FloatField(_("纬度"), null=True, blank=True)
    # A model station (示范点) is marked on the public directory and in evaluation.
    is_model = models.BooleanField(_("示范工作站"), default=False)

    class Meta:
        verbose_name = _("城管工作站")
        verbose_name_plural = _("城管工作站")

    def __str__(self):
        return self.name


class StaffProfile(models.Model):
    """A staff member's public face: name, duty, photo and where they work."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff"
    )
    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("岗位"), max_length=50, blank=True)
    duty = models.CharField(_("职责"), max_length=200, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    photo = models.ImageField(_("照片"), upload_to=RandomName("staff/"), blank=True)
    workstation = models.ForeignKey(
        Workstation,
        verbose_name=_("工作站"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roster",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("部门"), null=True, blank=True, on_delete=models.SET_NULL
    )
    on_roster = models.BooleanField(_("公示在工作站名单"), default=False)

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")

    def __str__(self):
        return self.name


class Role(models.Model):
    """A named set of actions, held by people over an area subtree or a department."""

    code = models.CharField(_("编码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    actions = models.JSONField(_("权限"), default=list)

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        unknown = sorted(set(self.actions) - set(ACTIONS))
        if unknown:
            raise ValidationError({"actions": _("未知权限：%s") % "、".join(unknown)})


class RoleAssignment(models.Model):
    """One role held by one person over an area subtree or over a department."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.ForeignKey(Role, verbose_name=_("角色"), on_delete=models.CASCADE)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("区域范围"), null=True, blank=True, on_delete=models.CASCADE
    )
    department = models.ForeignKey(
        Department, verbose_name=_("部门范围"), null=True, blank=True, on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(area__isnull=False) | models.Q(department__isnull=False),
                name="assignment_has_scope",
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.role} · {self.area or self.department}"


class ApiToken(models.Model):
    """A personal API token: acts as its owner, within the owner's scope (people/tokens.py).

    Only the SM3 digest of the token is stored; the token itself is shown once, when issued.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("所有人"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("用途"), max_length=50)
    prefix = models.CharField(_("令牌前缀"), max_length=16, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("到期时间"))
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.prefix}… {self.name}"
