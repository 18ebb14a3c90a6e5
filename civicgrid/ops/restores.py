"""`manage.py restore`: an archive of `manage.py backup` into an empty data folder.

Every member is checked against the manifest's SHA-256 as it is written; afterwards the counts
must match the manifest, and every session from before the restore is ended.
"""

import hashlib
import json
import os
import sqlite3
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils.translation import gettext as _

from civicgrid.audit.log import log
from civicgrid.audit.models import Kind
from civicgrid.lib.keys import keys_dir
from civicgrid.ops.backups import (
    CHUNK,
    COUNTED,
    FORMAT,
    MANIFEST,
    PG_MEMBER,
    PROGRESS_EVERY,
    SQLITE_MEMBER,
    BackupError,
    Say,
    counts_text,
    files_under,
    os_user,
    pg_client,
)


def restore(archive: Path, *, force: bool = False, say: Say = print) -> dict:
    """Restore `archive` into the configured data folder and database; return its manifest."""
    try:
        tar = tarfile.open(archive, "r:gz")  # noqa: SIM115 - closed by the with below
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(
            _("无法读取备份文件 %(path)s：%(error)s") % {"path": archive, "error": exc}
        ) from exc
    with tar:
        manifest = _manifest(tar, archive)
        reasons = _not_empty()
        if reasons and not force:
            raise BackupError(
                _("恢复目标不是空的：%(reasons)s。恢复会覆盖这些数据。")
                % {"reasons": "；".join(reasons)}
                + _("请换一个空的数据文件夹和数据库，或确认无误后加 --force。")
            )
        say(_("正在恢复媒体文件和密钥……"))
        with tempfile.TemporaryDirectory(dir=settings.VAR_DIR) as work:
            dump = _extract_all(tar, manifest["files"], Path(work), say)
            say(_("正在恢复数据库……"))
            _load_database(dump, force=force)
    return _check(archive, manifest, say)


def _manifest(tar: tarfile.TarFile, archive: Path) -> dict:
    try:
        source = tar.extractfile(MANIFEST)
        manifest = json.load(source) if source else {}
    except (KeyError, ValueError, tarfile.TarError):
        manifest = {}
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("%(path)s 不是本版本 CivicGrid 的备份文件（没有可读的清单）") % {"path": archive}
        )
    if manifest["database"] != connection.vendor:
        raise BackupError(
            _("备份来自 %(archive)s 数据库，当前配置的是 %(current)s，无法直接恢复")
            % {"archive": manifest["database"], "current": connection.vendor}
        )
    return manifest


def _not_empty() -> list[str]:
    """What is already in the configured database and media folder. Keys do not count: the
    app makes a fresh secret key on first start, and a restore replaces it."""
    reasons = []
    tables = connection.introspection.table_names()
    if tables:
        reasons.append(_("数据库中已有 %(n)s 张数据表") % {"n": len(tables)})
    media = sum(1 for _found in files_under(Path(settings.MEDIA_ROOT)))
    if media:
        reasons.append(
            _("媒体文件夹 %(path)s 中已有 %(n)s 个文件") % {"path": settings.MEDIA_ROOT, "n": media}
        )
    return reasons


def _target(name: str, work: Path) -> tuple[Path, int]:
    """Where an archive member goes, and its file mode."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\x00" in name or len(path.parts) < 2:
        raise BackupError(_("备份文件中有不安全的路径：%(name)s") % {"name": name})
    top, rest = path.parts[0], PurePosixPath(*path.parts[1:])
    if top == "media":
        return Path(settings.MEDIA_ROOT) / rest, 0o644
    if top == "keys" and len(rest.parts) == 1:
        return keys_dir(settings.VAR_DIR) / rest, 0o600
    if name in (SQLITE_MEMBER, PG_MEMBER):
        return work / rest, 0o600
    raise BackupError(_("备份文件中有无法识别的内容：%(name)s") % {"name": name})


def _write(tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path, mode: int) -> str:
    """Write one member to `target`, atomically; its SHA-256."""
    source = tar.extractfile(member)
    if source is None:
        raise BackupError(_("备份文件中有无法识别的内容：%(name)s") % {"name": member.name})
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    digest = hashlib.sha256()
    with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode), "wb") as out:
        while block := source.read(CHUNK):
            digest.update(block)
            out.write(block)
    os.replace(partial, target)
    return digest.hexdigest()


def _extract_all(tar: tarfile.TarFile, expected: dict[str, str], work: Path, say: Say) -> Path:
    """Media and keys into place, the database dump into `work`; the dump's path."""
    seen, dump = set(), None
    media = sum(1 for name in expected if name.startswith("media/"))
    for member in tar:
        if member.name == MANIFEST:
            continue
        if member.name not in expected or member.name in seen:
            raise BackupError(_("备份文件中有清单外的内容：%(name)s") % {"name": member.name})
        target, mode = _target(member.name, work)
        if _write(tar, member, target, mode) != expected[member.name]:
            raise BackupError(_("备份文件已损坏：%(name)s 的校验和不符") % {"name": member.name})
        seen.add(member.name)
        if member.name in (SQLITE_MEMBER, PG_MEMBER):
            dump = target
        done = sum(1 for name in seen if name.startswith("media/"))
        if member.name.startswith("media/") and (done % PROGRESS_EVERY == 0 or done == media):
            say(_("  媒体文件 %(done)s/%(total)s") % {"done": done, "total": media})
    lost = sorted(set(expected) - seen)
    if lost or dump is None:
        raise BackupError(
            _("备份文件不完整，缺少：%(names)s") % {"names": "、".join(lost[:5]) or "db"}
        )
    return dump


def _load_database(dump: Path, *, force: bool) -> None:
    connection.close()
    if connection.vendor == "sqlite":
        source = sqlite3.connect(dump)
        target = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        try:
            source.backup(target)  # replaces every page: no old journal can be replayed over it
        finally:
            target.close()
            source.close()
        return
    flags = ["--no-owner", "--exit-on-error", "--single-transaction"]
    pg_client("pg_restore", *flags, *(["--clean", "--if-exists"] if force else []), str(dump))


def _check(archive: Path, manifest: dict, say: Say) -> dict:
    counts = {name: model._default_manager.count() for name, model in COUNTED.items()}
    if counts != manifest["counts"]:
        raise BackupError(
            _("恢复后的数量与备份清单不符：备份时 %(expected)s，恢复后 %(found)s")
            % {"expected": counts_text(manifest["counts"]), "found": counts_text(counts)}
        )
    say(_("  核对无误：%(counts)s") % {"counts": counts_text(counts)})
    # Sessions live in the database: without this, a cookie from before the restore still works.
    ended, _by_model = Session.objects.all().delete()
    say(_("  已结束恢复前的全部登录会话（%(n)s 个）") % {"n": ended})
    if manifest["missing_files"]:
        say(_("  注意：备份时已有 %(n)s 个文件缺失") % {"n": len(manifest["missing_files"])})
    log(
        Kind.BACKUP,
        target=archive.name,
        action="restore",
        counts=counts,
        sessions_ended=ended,
        username=os_user(),
    )
    say(_("恢复完成。启动前请运行 manage.py migrate，以应用本版本的数据库迁移。"))
    return manifest
