"""`manage.py backup`: one archive with everything a restore needs, written while the app runs.

Layout of `civicgrid-backup-<time>.tar.gz` (mode 600: it holds the keys):
    db/civicgrid.sqlite3 or db/civicgrid.pgdump   SQLite's online backup, or `pg_dump -Fc`
    media/...                                      every file under MEDIA_ROOT
    keys/...                                       <CIVICGRID_VAR>/keys: without them the
                                                   encrypted columns cannot be read
    manifest.json                                  counts, and a SHA-256 of every file

The counts come from the very snapshot that is dumped, so a restore can be checked against
them even though reports kept arriving during the backup.
"""

import getpass
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.audit.log import log
from civicgrid.audit.models import Kind
from civicgrid.cases.models import Attachment, Case, CaseEvent
from civicgrid.lib.keys import keys_dir
from civicgrid.people.models import StaffProfile

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "db/civicgrid.sqlite3"
PG_MEMBER = "db/civicgrid.pgdump"
CHUNK = 1024 * 1024
PROGRESS_EVERY = 200  # files between progress lines
# What a restore must find again: these row counts, and the files rows point at.
COUNTED = {"cases": Case, "events": CaseEvent, "attachments": Attachment}
STORED_FILES = [(Attachment, "image"), (StaffProfile, "photo")]

Say = Callable[[str], None]


class BackupError(Exception):
    pass


@dataclass
class Snapshot:
    counts: dict[str, int]
    stored: set[str]  # the file names rows point at


def read_snapshot(cursor) -> Snapshot:
    """Counts and stored file names, through any DB-API cursor on the snapshot."""
    counts = {}
    for name, model in COUNTED.items():
        cursor.execute(f"SELECT COUNT(*) FROM {model._meta.db_table}")
        counts[name] = cursor.fetchone()[0]
    stored: set[str] = set()
    for model, column in STORED_FILES:
        table = model._meta.db_table
        cursor.execute(f"SELECT DISTINCT {column} FROM {table} WHERE {column} <> ''")
        stored.update(row[0] for row in cursor.fetchall())
    return Snapshot(counts, stored)


def counts_text(counts: dict[str, int]) -> str:
    return _("案件 %(cases)s 件、事件 %(events)s 条、照片 %(attachments)s 张") % counts


def os_user() -> str:
    """Who ran the command, for the audit log (no web user runs it)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def pg_client(program: str, *args: str) -> None:
    """Run pg_dump or pg_restore on the configured database; the password goes by environment."""
    db = settings.DATABASES["default"]
    command = [program]
    for flag, value in (("-h", db.get("HOST")), ("-p", db.get("PORT")), ("-U", db.get("USER"))):
        if value:
            command += [flag, str(value)]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db.get("PASSWORD"))
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    command += ["-d", str(db.get("NAME")), *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(
            _("%(program)s 失败：%(error)s") % {"program": program, "error": done.stderr[-500:]}
        )


def files_under(root: Path) -> Iterator[tuple[Path, str]]:
    """Regular files below `root`, with their path relative to it, in a stable order."""
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                yield path, path.relative_to(root).as_posix()


def _dump_database(work: Path, say: Say) -> tuple[str, Path, Snapshot]:
    if connection.vendor == "sqlite":
        dump = work / "civicgrid.sqlite3"
        source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        copy = sqlite3.connect(dump)
        try:
            source.backup(copy)  # in one step: a consistent read, writers carry on (WAL)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            snapshot = read_snapshot(copy.cursor())
        finally:
            copy.close()
            source.close()
        return SQLITE_MEMBER, dump, snapshot
    dump = work / "civicgrid.pgdump"
    with transaction.atomic(), connection.cursor() as cursor:
        # pg_dump reads the snapshot this transaction exports: the one counted here.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        snapshot = read_snapshot(cursor)
        say(_("  正在运行 pg_dump……"))
        pg_client("pg_dump", "-Fc", "--no-owner", f"--snapshot={snapshot_id}", "-f", str(dump))
    return PG_MEMBER, dump, snapshot


class _Hashing(io.RawIOBase):
    """A file read once: into the archive and into its checksum."""

    def __init__(self, fh):
        self.fh, self.digest = fh, hashlib.sha256()

    def read(self, size=-1):
        block = self.fh.read(size)
        self.digest.update(block)
        return block


def _add(tar: tarfile.TarFile, path: Path, arcname: str, mode: int = 0o600) -> str:
    info = tar.gettarinfo(str(path), arcname)
    info.mode, info.uid, info.gid, info.uname, info.gname = mode, 0, 0, "", ""
    with open(path, "rb") as fh:
        reader = _Hashing(fh)
        tar.addfile(info, reader)
    return reader.digest.hexdigest()


def _add_bytes(tar: tarfile.TarFile, arcname: str, data: bytes) -> None:
    info = tarfile.TarInfo(arcname)
    info.size, info.mode, info.mtime = len(data), 0o600, int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def _write(tar: tarfile.TarFile, member: str, dump: Path, snapshot: Snapshot, say: Say) -> dict:
    files = {member: _add(tar, dump, member)}
    media = list(files_under(Path(settings.MEDIA_ROOT)))
    for done, (path, rel) in enumerate(media, 1):
        files[f"media/{rel}"] = _add(tar, path, f"media/{rel}", 0o644)
        if done % PROGRESS_EVERY == 0 or done == len(media):
            say(_("  媒体文件 %(done)s/%(total)s") % {"done": done, "total": len(media)})
    for path, rel in files_under(keys_dir(settings.VAR_DIR)):
        if not rel.endswith(".tmp") and "/" not in rel:
            files[f"keys/{rel}"] = _add(tar, path, f"keys/{rel}")
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "counts": snapshot.counts,
        "missing_files": sorted(n for n in snapshot.stored if f"media/{n}" not in files),
        "files": files,
    }
    _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
    return manifest


def backup(to_dir: Path, say: Say = print) -> tuple[Path, dict]:
    """Write one archive into `to_dir`; return its path and manifest."""
    to_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    final = to_dir / f"civicgrid-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
    partial = to_dir / f".{final.name}.{os.getpid()}.part"
    with tempfile.TemporaryDirectory(dir=to_dir) as work:
        say(_("正在备份数据库……"))
        member, dump, snapshot = _dump_database(Path(work), say)
        say(
            _("  数据库 %(mb).1f MB：%(counts)s")
            % {"mb": dump.stat().st_size / 1e6, "counts": counts_text(snapshot.counts)}
        )
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                manifest = _write(tar, member, dump, snapshot, say)
            os.replace(partial, final)  # never a half-written archive under the final name
        finally:
            partial.unlink(missing_ok=True)
    if manifest["missing_files"]:
        say(
            _("  注意：%(n)s 个文件在数据库中有记录，但磁盘上已缺失，未能备份")
            % {"n": len(manifest["missing_files"])}
        )
    size = final.stat().st_size
    log(
        Kind.BACKUP,
        target=final.name,
        action="backup",
        counts=snapshot.counts,
        size=size,
        username=os_user(),
    )
    say(_("备份完成：%(path)s（%(mb).1f MB）") % {"path": final, "mb": size / 1e6})
    return final, manifest
