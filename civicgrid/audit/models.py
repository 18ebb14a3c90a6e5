from typing import ClassVar

from django.conf import settings
from django.db import connections, models, router, transaction
from django.utils.translation import gettext_lazy as _


class ImmutableError(Exception):
    pass


class ChainedQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Seal the new rows onto the chain first: a bulk insert sends no save()."""
        from civicgrid.audit import chain

        objs = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            chain.link_all(self.model, [o.__dict__ for o in objs], connections[self.db])
            return super().bulk_create(objs, *args, **kwargs)


class Chained(models.Model):
    """A row of an append-only table, sealed onto its table's tamper-evident chain.

    The database refuses UPDATE and DELETE on these tables (audit/triggers.py); `seq` and
    `digest` let `manage.py verify_audit` find a row changed or removed behind its back.
    `chain_fields` are the sealed columns, every one (a test insists). A nullable column can be
    added to them later; one with another default would break the seals of older rows.
    """

    seq = models.BigIntegerField(_("链序号"), unique=True, editable=False)
    digest = models.CharField(_("校验值"), max_length=64, editable=False)

    chain_fields: ClassVar[tuple[str, ...]] = ()

    objects = ChainedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        from civicgrid.audit import chain

        if self.pk is not None:
            raise ImmutableError(f"{self._meta.verbose_name}一经写入不可修改")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        # The head read and the insert in one transaction, so no other writer chains between.
        with transaction.atomic(using=using, savepoint=False):
            chain.link(self, connections[using])
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError(f"{self._meta.verbose_name}一经写入不可删除")


class Kind(models.TextChoices):
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login.failed", _("登录失败")
    LOGIN_LOCKED = "login.locked", _("登录锁定")
    LOGOUT = "logout", _("退出")
    EXPORT = "export", _("数据导出")
    ROLE_CHANGE = "role.change", _("角色或权限变更")
    PASSWORD_CHANGE = "password.change", _("修改密码")
    PII_VIEW = "pii.view", _("查看个人信息")
    PII_EXPORT = "pii.export", _("个人信息导出")
    PII_ERASE = "pii.erase", _("个人信息删除")
    RETENTION = "retention", _("到期数据处理")
    KEY_ROTATE = "key.rotate", _("密钥轮换")
    BACKUP = "backup", _("备份与恢复")
    TOKEN_ISSUE = "token.issue", _("签发 API 令牌")
    TOKEN_REVOKE = "token.revoke", _("吊销 API 令牌")


class AuditEntry(Chained):
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

    chain_fields = ("at", "kind", "actor_id", "username", "ip", "target", "data")

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["kind", "at"], name="audit_kind_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"
