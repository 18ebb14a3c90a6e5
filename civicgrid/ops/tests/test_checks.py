"""`check --deploy` warns when the public address is not configured."""

from io import StringIO

from django.core.management import call_command


def deploy_check() -> str:
    out, err = StringIO(), StringIO()
    call_command("check", deploy=True, fail_level="CRITICAL", stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_it_warns_in_production_when_public_url_is_unset(settings):
    settings.DEBUG = False
    settings.CIVICGRID_PUBLIC_URL = ""
    assert "未设置 PUBLIC_URL" in deploy_check()


def test_it_is_quiet_once_public_url_is_set_or_in_debug(settings):
    settings.DEBUG, settings.CIVICGRID_PUBLIC_URL = False, "https://cg.example.gov.cn"
    assert "PUBLIC_URL" not in deploy_check()
    settings.DEBUG, settings.CIVICGRID_PUBLIC_URL = True, ""
    assert "PUBLIC_URL" not in deploy_check()
