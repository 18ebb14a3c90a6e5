"""Deployment checks run by `manage.py check --deploy`."""

from django.conf import settings
from django.core import checks
from django.utils.translation import gettext_lazy as _


@checks.register(checks.Tags.security, deploy=True)
def public_url_is_set(app_configs=None, **kwargs):
    """Without PUBLIC_URL, printed QR codes and texts carry whatever address staff used."""
    if settings.CIVICGRID_PUBLIC_URL or settings.DEBUG:
        return []
    return [
        checks.Warning(
            _("未设置 PUBLIC_URL：海报二维码和短信链接将取自访问时的地址，可能是内网地址。"),
            hint=_("请把 PUBLIC_URL 设为市民能访问的网址，例如 https://cg.example.gov.cn"),
            id="civicgrid.W001",
        )
    ]


@checks.register()
def audit_retention_is_lawful(app_configs=None, **kwargs):
    """等保 三级 asks for at least six months of audit records."""
    if settings.CIVICGRID_RETENTION_AUDIT_YEARS >= 0.5:
        return []
    return [
        checks.Error(
            _("RETENTION_AUDIT_YEARS 不得少于 0.5：等保三级要求审计记录至少保存六个月。"),
            id="civicgrid.E002",
        )
    ]
