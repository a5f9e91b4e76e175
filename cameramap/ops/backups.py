"""Backups: the database (native dump of whichever backend runs) and the media folders, in one
``.tar.gz`` with a manifest. Restoring replaces the database and the media with the backup's.

Native dumps, not ``dumpdata``: they are fast at a million cameras, keep the database's own
triggers and indexes, and restore exactly. A backup restores onto the same kind of database.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

MANIFEST = "manifest.json"
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


def _media_folders() -> dict[str, Path]:
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_MEDIA_ROOT)}


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
            for name, folder in _media_folders().items():
                if folder.exists():
                    archive.add(folder, arcname=name)
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
        for name, folder in _media_folders().items():
            if folder.exists():
                shutil.rmtree(folder)
            if (work / name).exists():
                shutil.copytree(work / name, folder)
            else:
                folder.mkdir(parents=True, exist_ok=True)
    return manifest


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
