"""`check --deploy` warns of what a deployment would get wrong: the public address, the map
tiles the CSP would block, key files others can read."""

from io import StringIO

from django.core.management import call_command

from civicgrid.lib.keys import key_file


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


def test_it_warns_of_map_tiles_the_browser_would_block(settings):
    settings.SECURE_SSL_REDIRECT = True
    for url in ("http://tiles.example.cn/{z}/{x}/{y}.png", "tiles.example.cn/{z}/{x}/{y}.png"):
        settings.CIVICGRID_MAP_TILE_URL = url
        assert "civicgrid.W002" in deploy_check()
    settings.CIVICGRID_MAP_TILE_URL = "https://{s}.tiles.example.cn/{z}/{x}/{y}.png"
    assert "civicgrid.W002" not in deploy_check()


def test_it_warns_of_a_key_file_others_can_read(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    key_file(tmp_path, "secret_key")
    assert "civicgrid.W003" not in deploy_check()
    (tmp_path / "keys" / "secret_key").chmod(0o644)
    assert "密钥文件可被其他用户读取：secret_key" in deploy_check()
