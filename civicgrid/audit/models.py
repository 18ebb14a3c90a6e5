from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login.failed", _("登录失败")
    LOGIN_LOCKED = "login.locked", _("登录锁定")
    LOGOUT = "logout", _("退出")
    EXPORT = "export", _("数据导出")
    ROLE_CHANGE = "role.change", _("角色或权限变更")
    PII_VIEW = "pii.view", _("查看个人信息")
    PII_EXPORT = "pii.export", _("个人信息导出")
    PII_ERASE = "pii.erase", _("个人信息删除")
    RETENTION = "retention", _("到期数据处理")
    KEY_ROTATE = "key.rotate", _("密钥轮换")
    BACKUP = "backup", _("备份与恢复")


class AuditEntry(models.Model):
    """One security-relevant act (等保 安全审计): who, when, from where, on what."""

    at = models.DateTimeField(_("时间"), db_index=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The name as typed or held at the time: kept when the account is renamed, and for
    # failed logins of accounts that do not exist.
    username = models.CharField(_("账号"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    target = models.CharField(_("对象"), max_length=100, blank=True)
    data = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["kind", "at"], name="audit_kind_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"
