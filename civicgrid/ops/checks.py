"""Deployment checks run by `manage.py check --deploy`."""

from pathlib import Path

from django.conf import settings
from django.core import checks
from django.utils.translation import gettext_lazy as _

from civicgrid.lib.headers import tile_source


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


@checks.register(checks.Tags.security, deploy=True)
def map_tiles_are_allowed(app_configs=None, **kwargs):
    """The Content-Security-Policy admits the tile host only if it can be read from the URL;
    an HTTPS site cannot load http tiles at all."""
    url = settings.CIVICGRID_MAP_TILE_URL
    source = tile_source(url)
    plain_on_https = settings.SECURE_SSL_REDIRECT and source.startswith("http:")
    if not url or (source and not plain_on_https):
        return []
    return [
        checks.Warning(
            _("浏览器将拦截 MAP_TILE_URL 的地图底图，地图不会显示底图。"),
            hint=_("请使用 https://主机名/{z}/{x}/{y}.png 形式的地址，子域名可写作 {s}。"),
            id="civicgrid.W002",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def keys_are_private(app_configs=None, **kwargs):
    """A key file others can read (copied or restored carelessly) is a published key."""
    folder = Path(settings.VAR_DIR) / "keys"
    exposed = sorted(p.name for p in folder.glob("*") if p.is_file() and p.stat().st_mode & 0o077)
    if not exposed:
        return []
    return [
        checks.Warning(
            _("密钥文件可被其他用户读取：%(names)s") % {"names": "、".join(exposed)},
            hint=_("请执行 chmod 600 %(folder)s/* 并 chmod 700 %(folder)s") % {"folder": folder},
            id="civicgrid.W003",
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
