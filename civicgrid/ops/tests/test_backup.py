"""Backup and restore as an operator runs them: real processes, each with its own data folder.

A small city with photos is backed up and restored into an empty folder (and database, on
PostgreSQL): the same cases, events and photos, every photo opens, keys come along, and a
session cookie from before the restore no longer signs anyone in.
"""

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

MANAGE = str(Path(__file__).resolve().parents[3] / "manage.py")

BUILD = """
import json
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from civicgrid.cases import workflow as wf
from civicgrid.cases.services import load_response_templates, report
from civicgrid.catalog.services import load_calendar, load_catalog
from civicgrid.demo.city import build_city
from civicgrid.demo.history import generate
from civicgrid.demo.photos import photo
from civicgrid.lib.keys import key_file

call_command("migrate", verbosity=0)
call_command("createcachetable")
load_catalog()
load_response_templates()
load_calendar(range(2024, 2029), provisional=True)
city = build_city(streets=1, communities_per_street=1, grids_per_community=2)
generate(city, count=12, days=10)  # a history sharing a few demo photos
grid = city.grids[0]
for seed in range(3):  # and reports with photos of their own
    case = report(channel="qr", description="路灯坏了，晚上很黑", lng=grid.centroid_lng,
                  lat=grid.centroid_lat, photos=[photo(seed=seed), photo(seed=seed + 10)])
key_file(settings.VAR_DIR, "backup_check")  # as the secret and PII keys are made
leader = Client()
leader.force_login(city.users["leader"])
print(json.dumps({"cookie": leader.cookies["sessionid"].value}))
"""

FACTS = """
import json, os
from PIL import Image
from django.test import Client
from civicgrid.cases.models import Attachment, Case, CaseEvent
from civicgrid.lib.keys import keys_dir
from django.conf import settings

opened = 0
for a in Attachment.objects.all():
    with a.image.open("rb") as fh, Image.open(fh) as img:
        img.verify()
        opened += 1
client = Client()
client.cookies["sessionid"] = os.environ["OLD_SESSION"]
page = client.get("/cases/")
print(json.dumps({
    "counts": {
        "cases": Case.objects.count(),
        "events": CaseEvent.objects.count(),
        "attachments": Attachment.objects.count(),
    },
    "opened": opened,
    "signed_in": page.status_code == 200,
    "keys": {p.name: p.read_text() for p in sorted(keys_dir(settings.VAR_DIR).iterdir())},
}))
"""


def environment(var: Path, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("MEDIA_ROOT", "SECRET_KEY")}
    env.update(CIVICGRID_VAR=str(var), DATABASE_URL=database_url, ALLOWED_HOSTS="testserver")
    return env


def manage(env, *args, check=True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, MANAGE, *args], env=env, capture_output=True, text=True, timeout=300
    )
    if check and done.returncode != 0:
        raise AssertionError(f"manage.py {args[0]} failed:\n{done.stdout}\n{done.stderr}")
    return done


def facts(env, cookie) -> dict:
    return json.loads(
        manage({**env, "OLD_SESSION": cookie}, "shell", "-c", FACTS).stdout.splitlines()[-1]
    )


def _pg_admin(sql: str) -> None:
    import psycopg

    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def database_urls(request, backend: str, tmp_path: Path, *folders: str) -> list[str]:
    """A database URL per data folder: SQLite files, or empty PostgreSQL databases of our own."""
    if backend == "sqlite":
        return [f"sqlite:///{tmp_path}/{f}/civicgrid.sqlite3" for f in folders]
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("DATABASE_URL 不是 PostgreSQL")
    base, own = os.environ["DATABASE_URL"].rsplit("/", 1)
    names = [f"{own}_backup_{f}" for f in folders]
    for name in names:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _pg_admin(f'CREATE DATABASE "{name}"')
        request.addfinalizer(
            lambda n=name: _pg_admin(f'DROP DATABASE IF EXISTS "{n}" WITH (FORCE)')
        )
    return [f"{base}/{name}" for name in names]


def audited(env) -> list[str]:
    return manage(env, "shell", "-c", AUDITED).stdout.splitlines()[-1].split()


AUDITED = """
from civicgrid.audit.models import AuditEntry
print(*AuditEntry.objects.filter(kind="backup").values_list("data__action", flat=True))
"""


def tampered(archive: Path, into: Path) -> Path:
    """The archive with one byte of one photo changed, as a bad disk or an attacker would."""
    with tarfile.open(archive) as source, tarfile.open(into, "w:gz") as out:
        changed = False
        for member in source:
            fh = source.extractfile(member)
            assert fh is not None
            data = fh.read()
            if member.name.startswith("media/cases/") and not changed:
                data, changed = data[:-1] + bytes([data[-1] ^ 1]), True
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    return into


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_restore_into_an_empty_folder_gives_back_the_same_city(request, tmp_path, backend):
    url_a, url_b, url_c = database_urls(request, backend, tmp_path, "a", "b", "c")
    live, fresh = environment(tmp_path / "a", url_a), environment(tmp_path / "b", url_b)
    third = environment(tmp_path / "c", url_c)
    cookie = json.loads(manage(live, "shell", "-c", BUILD).stdout.splitlines()[-1])["cookie"]
    before = facts(live, cookie)
    assert before["signed_in"] and before["counts"]["attachments"] > 6
    assert before["opened"] == before["counts"]["attachments"]

    done = manage(live, "backup", "--to", str(tmp_path / "backups"))
    [archive] = (tmp_path / "backups").glob("civicgrid-backup-*.tar.gz")
    assert "媒体文件" in done.stdout and "备份完成" in done.stdout
    assert oct(archive.stat().st_mode & 0o777) == "0o600"  # it holds the keys
    assert audited(live) == ["backup"]
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["counts"] == before["counts"]
    assert manifest["missing_files"] == [] and any(n.startswith("keys/") for n in manifest["files"])

    restored = manage(fresh, "restore", str(archive))
    assert "核对无误" in restored.stdout and "已结束" in restored.stdout
    after = facts(fresh, cookie)
    assert after["counts"] == before["counts"] and after["opened"] == before["opened"]
    assert after["keys"] == before["keys"] and after["keys"]
    assert not after["signed_in"]  # the old session cookie signs nobody in
    assert audited(fresh) == ["restore"]

    again = manage(fresh, "restore", str(archive), check=False)
    assert again.returncode != 0 and "恢复目标不是空的" in again.stderr
    manage(fresh, "restore", str(archive), "--force")
    assert facts(fresh, cookie)["counts"] == before["counts"]

    bad = manage(third, "restore", str(tampered(archive, tmp_path / "bad.tar.gz")), check=False)
    assert bad.returncode != 0 and "校验和不符" in bad.stderr


def test_a_damaged_archive_is_refused_with_a_clear_message(tmp_path):
    env = environment(tmp_path / "b", f"sqlite:///{tmp_path}/b/civicgrid.sqlite3")
    (tmp_path / "junk.tar.gz").write_bytes(b"not an archive")
    done = manage(env, "restore", str(tmp_path / "junk.tar.gz"), check=False)
    assert done.returncode != 0 and "无法读取备份文件" in done.stderr
