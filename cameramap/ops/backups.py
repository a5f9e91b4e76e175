"""Backups: the database (native dump of whichever backend runs) and every file of the public and
the private storage (folders or buckets), in one ``.tar.gz`` with a manifest. Restoring replaces
the database and the files with the backup's. On object storage the backup itself is kept in the
private storage too (``backups/``), and restored from there by name.

Native dumps, not ``dumpdata``: they are fast at a million cameras, keep the database's own
triggers and indexes, and restore exactly. A backup restores onto the same kind of database.
"""

import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connection, connections
from django.utils import timezone

from cameramap.cameras.storage import is_object_storage, local_path, private_storage, storage_walk

MANIFEST = "manifest.json"
BACKUP_PREFIX = "backups"  # in the private storage
FORMAT_VERSION = 1


class BackupError(Exception):
    pass


def _engine() -> str:
    return "postgis" if connection.vendor == "postgresql" else "spatialite"


def _pg_env() -> tuple[list[str], dict]:
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres"]
    return args, env


def _media_storages() -> dict[str, Storage]:
    """The storages whose files a backup holds, by the folder they take in the archive."""
    return {"media": default_storage, "private": private_storage}


def _media_names(alias: str, storage: Storage):
    for name in storage_walk(storage):
        if not (alias == "private" and name.startswith(f"{BACKUP_PREFIX}/")):  # no backup in a backup
            yield name


def _media_archive(archive: tarfile.TarFile) -> None:
    for alias, storage in _media_storages().items():
        for name in _media_names(alias, storage):
            with storage.open(name, "rb") as stored:
                member = tarfile.TarInfo(f"{alias}/{name}")
                member.size, member.mtime, member.mode = stored.size, int(time.time()), 0o640
                archive.addfile(member, stored)


def _media_restore(work: Path) -> None:
    for alias, storage in _media_storages().items():
        for name in list(_media_names(alias, storage)):
            storage.delete(name)
        folder = work / alias
        for path in sorted(folder.rglob("*")) if folder.exists() else ():
            if path.is_file():
                with open(path, "rb") as handle:
                    storage.save(path.relative_to(folder).as_posix(), File(handle, name=path.name))


def backup_create(*, directory: Path) -> Path:
    """Write a backup into ``directory`` and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    target = directory / f"cameramap-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        if _engine() == "postgis":
            args, env = _pg_env()
            dump = work / "database.dump"
            subprocess.run(
                ["pg_dump", *args, "--format=custom", "--no-owner", f"--file={dump}", connection.settings_dict["NAME"]],
                env=env, check=True, capture_output=True,
            )
        else:
            dump = work / "database.sqlite3"
            # SQLite's online backup, from a connection of its own: consistent while the site is
            # in use, and never blocked by a write transaction of this process's connection.
            source = sqlite3.connect(connection.settings_dict["NAME"], timeout=60)
            copy = sqlite3.connect(dump)
            try:
                source.backup(copy)
            finally:
                copy.close()
                source.close()
        manifest = {
            "format": FORMAT_VERSION,
            "engine": _engine(),
            "created_at": timezone.now().isoformat(),
            "database": dump.name,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2))
        partial = target.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / MANIFEST, arcname=MANIFEST)
            archive.add(dump, arcname=dump.name)
            _media_archive(archive)
        partial.rename(target)  # a backup file exists only once complete
    target.chmod(0o600)  # it holds photo originals (if kept) and the moderators' audit trail
    return target


def _safe_members(archive: tarfile.TarFile):
    for member in archive.getmembers():
        path = Path(member.name)
        if path.is_absolute() or ".." in path.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"refusing unsafe path in backup: {member.name}")
        yield member


def backup_restore(*, path: Path) -> dict:
    """Replace the database and media with the backup's. Stop the web server and workers first."""
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(work, members=list(_safe_members(archive)))  # members checked above
        manifest = json.loads((work / MANIFEST).read_text())
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(f"unknown backup format {manifest.get('format')!r}")
        if manifest["engine"] != _engine():
            raise BackupError(f"this backup is of a {manifest['engine']} database; this site runs on {_engine()}")
        dump = work / manifest["database"]
        if _engine() == "postgis":
            _restore_postgis(dump)
        else:
            _restore_spatialite(dump)
        _media_restore(work)
    return manifest


def backup_store(path: Path) -> str | None:
    """Keep a copy of the backup in the private storage when that is object storage (off this
    machine); returns its name there."""
    if not is_object_storage(private_storage):
        return None
    with open(path, "rb") as handle:
        return private_storage.save(f"{BACKUP_PREFIX}/{path.name}", File(handle, name=path.name))


@contextmanager
def backup_file(path_or_name: str):
    """A backup named by its path on this machine, or by its name in the private storage."""
    if Path(path_or_name).is_file():
        yield Path(path_or_name)
    elif path_or_name.startswith(f"{BACKUP_PREFIX}/") and private_storage.exists(path_or_name):
        with local_path(private_storage, path_or_name) as path:
            yield path
    else:
        raise BackupError(f"no such backup: {path_or_name}")


def _restore_postgis(dump: Path) -> None:
    name = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    connections.close_all()
    args, env = _pg_env()
    result = subprocess.run(
        ["pg_restore", *args, "--no-owner", "--exit-on-error", f"--dbname={name}", str(dump)],
        env=env, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()[-2000:]}")


def _restore_spatialite(dump: Path) -> None:
    connections.close_all()
    source = sqlite3.connect(dump)
    target = sqlite3.connect(connection.settings_dict["NAME"], timeout=60)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
