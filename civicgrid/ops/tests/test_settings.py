"""Settings as a fresh deployment starts them: a secret key of its own, `check --deploy` clean."""

import os
import secrets
import stat
import subprocess
import sys

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client

from civicgrid.intake.tests.helpers import act_url, form_data, report_url
from civicgrid.intake.tests.test_track import closed_case

# The development key this project once fell back to, published in its history. Spelled in
# two parts so that `git grep` for it finds no code that could still use it.
PUBLISHED_KEY = "dev-only-" + "insecure-key-change-me-in-production"


# What this process may have set that a fresh deployment would not (browser tests set the last).
INHERITED_NOT = {"SECRET_KEY", "DEBUG", "HTTPS", "TRUST_PROXY", "PUBLIC_URL", "SECURE_COOKIES"}
INHERITED_NOT |= {"DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}


def start(var, *code: str, **env: str) -> subprocess.CompletedProcess:
    """Run Python with the settings loaded, as a new process would, in data folder `var`."""
    clean = {k: v for k, v in os.environ.items() if k not in INHERITED_NOT}
    clean.update(CIVICGRID_VAR=str(var), DJANGO_SETTINGS_MODULE="civicgrid.settings", **env)
    script = "import django; django.setup(); from django.conf import settings\n" + "\n".join(code)
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_fresh_data_folder_gets_its_own_secret_key_kept_across_restarts(tmp_path):
    first = start(tmp_path, "print(settings.SECRET_KEY)")
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip()
    path = tmp_path / "keys" / "secret_key"
    assert path.read_text().strip() == key and len(key) >= 50 and key != PUBLISHED_KEY
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert start(tmp_path, "print(settings.SECRET_KEY)").stdout.strip() == key
    assert start(tmp_path / "other", "print(settings.SECRET_KEY)").stdout.strip() != key
    # A key from the environment wins, and no file is made for it.
    run = start(tmp_path / "env", "print(settings.SECRET_KEY)", SECRET_KEY="k" * 60)
    assert (
        run.stdout.strip() == "k" * 60 and not (tmp_path / "env" / "keys" / "secret_key").exists()
    )


def test_it_refuses_to_start_without_a_key_where_none_can_be_made(tmp_path):
    (tmp_path / "keys").write_text("not a folder")  # root ignores modes: block it this way
    run = start(tmp_path, "print(settings.SECRET_KEY)", DEBUG="0")
    assert run.returncode != 0
    assert "ImproperlyConfigured" in run.stderr and "未设置 SECRET_KEY" in run.stderr


def test_it_refuses_the_published_key_from_the_environment(tmp_path):
    run = start(tmp_path, "print(settings.SECRET_KEY)", SECRET_KEY=PUBLISHED_KEY)
    assert run.returncode != 0 and "曾公开的开发密钥" in run.stderr


@pytest.mark.django_db
def test_an_owner_key_made_with_the_published_key_cannot_rate_a_case(city, people):
    case = closed_case(city, people)
    forged = signing.Signer(key=PUBLISHED_KEY, salt="civicgrid.intake.residents")
    key = forged.signature(case.code)[:16]
    response = Client().post(act_url(case, "rate"), {"score": "1", "k": key}, follow=True)
    assert "只有反映人本人" in response.content.decode()
    case.refresh_from_db()
    assert case.rating is None


def test_check_deploy_is_clean_with_https_a_key_and_the_public_url(tmp_path):
    run = start(
        tmp_path,
        "from django.core.management import call_command",
        "call_command('check', deploy=True, fail_level='DEBUG')",
        HTTPS="1",
        SECRET_KEY=secrets.token_urlsafe(50),
        PUBLIC_URL="https://cg.example.gov.cn",
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no issues" in run.stdout + run.stderr


def test_https_turns_on_the_redirect_hsts_and_secure_cookies(tmp_path):
    names = [
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_PROXY_SSL_HEADER",
    ]
    show = f"print([getattr(settings, n) for n in {names!r}])"
    assert start(tmp_path, show, HTTPS="1").stdout.strip() == (
        "[True, 31536000, True, True, True, True, None]"
    )
    behind_proxy = start(tmp_path, show, HTTPS="1", TRUST_PROXY="1").stdout
    assert "('HTTP_X_FORWARDED_PROTO', 'https')" in behind_proxy
    assert start(tmp_path, show).stdout.strip() == "[False, 0, False, False, False, False, None]"


@pytest.mark.django_db
def test_with_secure_cookies_the_residents_proof_of_ownership_is_never_sent_over_http(
    client, city, settings
):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    response = client.post(report_url(city), form_data(city))
    assert response.status_code == 302 and response.cookies
    assert all(cookie["secure"] for cookie in response.cookies.values())
