"""Versioned, citable dataset releases.

``release_start`` opens a release (a row in state "building", a date-based version such as
2026.11.22, or 2026.11.22.2 for a second one that day) unless one is already being built;
``release_build`` fills it:

1. districts are brought up to date (``areas_refresh``, the nightly safety net);
2. the published cameras are read once from the database into a snapshot file: one
   consistent read, so the five formats hold exactly the same cameras;
3. CSV, GeoJSON, GeoPackage, KML and OSM XML are written from the snapshot, and the map's
   vector tiles as one PMTiles file (``tile_archive.py``); then the
   statistics, the changelog against the previous release, a licence file and a Frictionless
   ``datapackage.json``; then a zip of them all. Every official list's comparison with the
   cameras on the street goes in too (``release_official.py``). Each says how many of its cameras are verified
   by our volunteers and how many imported (``provenance.py``), and the changelog splits the
   cameras added and removed the same way;
4. every file goes to storage with its size and SHA-256; the release becomes "ready".

Progress (percent) is written to the row as the build goes, for the admin and /data/. A build
that fails or is cut off by its time limit is marked "failed" with the reason; the next
scheduled run starts afresh under a new version.
"""

import csv
import hashlib
import io
import json
import logging
import tempfile
import time
import zipfile
from collections import Counter
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from cameramap.cameras.areas import areas_refresh
from cameramap.cameras.selectors import cameras_published

from cameramap.exposure.selectors import exposure_csv, fields_of_view_write
from cameramap.exposure.services import fov_model_published

from . import datapackage, tile_archive
from .changelog import changelog_compute, changelog_write
from .columns import INDEX, NAMES, NULLABLE, camera_rows
from .exporters import FORMATS, write_file
from .models import DatasetRelease, ReleaseStatus
from .release_official import comparisons_write
from .provenance import ProvenanceCounter, attribution_text
from .statistics import statistics_csv

log = logging.getLogger(__name__)
SNAPSHOT = "snapshot.csv"
# The media types of a release's files besides the camera formats' own (the API documents them all).
CSV, JSON, TEXT, ZIP = "text/csv; charset=utf-8", "application/json", "text/plain; charset=utf-8", "application/zip"
MEDIA_TYPES = tuple(dict.fromkeys([*(fmt.media_type for fmt in FORMATS.values()), CSV, JSON, TEXT, ZIP,
                                   tile_archive.MEDIA_TYPE]))


def release_version_next(today) -> str:
    base = today.strftime("%Y.%m.%d")
    taken = set(DatasetRelease.objects.filter(version__startswith=base).values_list("version", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}.{n}" in taken:
        n += 1
    return f"{base}.{n}"


def releases_expire_stale() -> int:
    """Builds still "building" long after their time limit died with their worker."""
    cutoff = timezone.now() - timedelta(seconds=settings.DATASET_BUILD_TIME_LIMIT + 300)
    return DatasetRelease.objects.filter(status=ReleaseStatus.BUILDING, created_at__lt=cutoff).update(
        status=ReleaseStatus.FAILED, error="The build stopped without finishing (worker lost or time limit).",
        finished_at=timezone.now(),
    )


def release_start() -> DatasetRelease | None:
    """Open a new release, or return None when one is already being built."""
    releases_expire_stale()
    if DatasetRelease.objects.filter(status=ReleaseStatus.BUILDING).exists():
        return None
    try:
        with transaction.atomic():
            return DatasetRelease.objects.create(
                version=release_version_next(timezone.localdate()), licence=settings.DATASET_LICENCE
            )
    except IntegrityError:  # another process opened the same version a moment ago
        return None


def release_latest() -> DatasetRelease | None:
    return DatasetRelease.objects.filter(status=ReleaseStatus.READY).order_by("-created_at", "-id").first()


class _Progress:
    """Counts units of work and writes the percentage to the release row about once a second."""

    def __init__(self, release_id: int, total: int, callback=None):
        self.release_id, self.total, self.callback = release_id, max(total, 1), callback
        self.done, self.percent, self.written_at = 0, 0, 0.0

    def __call__(self, units: int) -> None:
        self.done += units
        percent = min(99, self.done * 100 // self.total)
        if self.callback is not None:
            self.callback(self.done, self.total)
        if percent != self.percent and time.monotonic() - self.written_at >= 1.0:
            DatasetRelease.objects.filter(id=self.release_id).update(progress=percent)
            self.percent, self.written_at = percent, time.monotonic()


def snapshot_write(rows, path: Path, progress=None) -> dict:
    """Write rows to the snapshot file; returns counts by source and status, and how many are
    verified and how many imported (by source)."""
    sources, statuses, linked, count = Counter(), Counter(), 0, 0
    source_at, status_at, osm_at = INDEX["source"], INDEX["status"], INDEX["osm_id"]
    provenance = ProvenanceCounter(INDEX["verified"], source_at)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(NAMES)
        for row in rows:
            writer.writerow(row)
            sources[row[source_at]] += 1
            statuses[row[status_at]] += 1
            linked += row[osm_at] is not None
            provenance.add(row)
            count += 1
            if progress is not None and count % 5000 == 0:
                progress(5000)
    if progress is not None and count % 5000:
        progress(count % 5000)
    return {"cameras": count, **provenance.counts(), "by_source": dict(sources), "by_status": dict(statuses),
            "osm_linked": linked}


def snapshot_rows(path: Path):
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        if next(reader, None) != list(NAMES):
            raise ValueError("the snapshot's columns are not the current ones")
        for row in reader:
            for i in NULLABLE:
                if row[i] == "":
                    row[i] = None
            yield row


def _sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _store(version: str, path: Path, media_type: str) -> str:
    name = f"{settings.DATASET_STORAGE_PREFIX}/{version}/{path.name}"
    if default_storage.exists(name):
        default_storage.delete(name)  # a build of this version that died half-way
    with open(path, "rb") as handle:
        file = File(handle, name=path.name)
        file.content_type = media_type  # what object storage answers with when the file is fetched there
        return default_storage.save(name, file)


def _previous_csv(previous: DatasetRelease | None):
    entry = (previous.files or {}).get("cameras.csv") if previous else None
    if entry and default_storage.exists(entry["path"]):
        return io.TextIOWrapper(default_storage.open(entry["path"], "rb"), encoding="utf-8", newline="")
    return io.StringIO("id\n")


def release_build(release_id: int, *, progress=None) -> DatasetRelease:
    """Build the release; ``progress(done, total)`` is told about each step (the command's bar)."""
    release = DatasetRelease.objects.get(id=release_id)
    if release.status != ReleaseStatus.BUILDING:
        return release
    try:
        _build(release, progress)
    except BaseException as error:
        DatasetRelease.objects.filter(id=release.id).update(
            status=ReleaseStatus.FAILED, error=f"{type(error).__name__}: {error}"[:2000], finished_at=timezone.now()
        )
        raise
    return DatasetRelease.objects.get(id=release.id)


def _build(release: DatasetRelease, callback) -> None:
    areas_refresh()
    cameras = cameras_published()
    total = cameras.count()
    zooms = tile_archive.MAX_ZOOM - tile_archive.MIN_ZOOM + 1  # the PMTiles file: one pass per zoom
    progress = _Progress(release.id, total * (len(FORMATS) + 2 + zooms) + 1, callback)
    previous = release_latest()
    with tempfile.TemporaryDirectory(prefix="cameramap-release-") as folder:
        folder = Path(folder)
        counts = snapshot_write(camera_rows(cameras), folder / SNAPSHOT, progress)
        attribution = attribution_text(counts)
        meta = {"title": f"{settings.SITE_NAME}: surveillance cameras", "version": release.version,
                "licence": release.licence, "attribution": attribution}
        written = []
        for fmt in FORMATS.values():
            path = folder / f"cameras.{fmt.extension}"
            write_file(fmt, snapshot_rows(folder / SNAPSHOT), path, meta=meta, progress=progress)
            written.append((path, fmt.name, fmt.media_type))
        # The map's vector tiles of the same cameras, for readers that never reach the server.
        tile_archive.tile_archive_write(snapshot_rows(folder / SNAPSHOT), folder / tile_archive.NAME,
                                        version=release.version, attribution=attribution, progress=progress)
        written.append((folder / tile_archive.NAME, "pmtiles", tile_archive.MEDIA_TYPE))
        (folder / "statistics.csv").write_text(statistics_csv(), encoding="utf-8")
        written.append((folder / "statistics.csv", "csv", "text/csv; charset=utf-8"))
        # The streets in view per district, and the field-of-view model they were computed with.
        (folder / "exposure.csv").write_text(exposure_csv(), encoding="utf-8")
        written.append((folder / "exposure.csv", "csv", "text/csv; charset=utf-8"))
        (folder / "fov_model.json").write_text(json.dumps(fov_model_published(), indent=2), encoding="utf-8")
        written.append((folder / "fov_model.json", "json", "application/json"))
        with open(folder / "fields_of_view.geojson", "w", encoding="utf-8") as handle:  # the polygons themselves
            fields_of_view_write(handle)
        written.append((folder / "fields_of_view.geojson", "geojson", "application/geo+json"))
        written.extend(comparisons_write(folder))  # declared versus found, for every official list
        with _previous_csv(previous) as old, open(folder / "cameras.csv", newline="", encoding="utf-8") as new:
            changes = changelog_compute(old, new, progress)
        summary = changelog_write(changes, folder / "changelog.json", version=release.version,
                                  previous=previous.version if previous else None,
                                  holds={key: counts[key] for key in ("cameras", "verified", "imported")})
        written.append((folder / "changelog.json", "json", "application/json"))
        licence_text = datapackage.licence_text(release, attribution, counts=counts)
        (folder / "LICENCE.txt").write_text(licence_text, encoding="utf-8")
        written.append((folder / "LICENCE.txt", "txt", "text/plain; charset=utf-8"))
        files = {
            path.name: {"format": kind, "media_type": media_type, "size": path.stat().st_size, "sha256": _sha256(path)}
            for path, kind, media_type in written
        }
        package = datapackage.datapackage(release, files, counts=counts, attribution=attribution)
        (folder / "datapackage.json").write_text(json.dumps(package, indent=2, ensure_ascii=False), encoding="utf-8")
        written.append((folder / "datapackage.json", "json", JSON))
        zip_path = folder / f"cameramap-{release.version}.zip"
        with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            for path, _kind, _media in written:
                archive.write(path, arcname=f"cameramap-{release.version}/{path.name}")
        written.append((zip_path, "zip", ZIP))
        stored = {}
        for path, kind, media_type in written:
            stored[path.name] = {
                "path": _store(release.version, path, media_type), "format": kind, "media_type": media_type,
                "size": path.stat().st_size, "sha256": files[path.name]["sha256"] if path.name in files else _sha256(path),
            }
        progress(1)
    DatasetRelease.objects.filter(id=release.id).update(
        status=ReleaseStatus.READY, progress=100, counts=counts, files=stored, changelog=summary,
        attribution=attribution, checksum=stored[zip_path.name]["sha256"], finished_at=timezone.now(), error="",
    )
    log.info("dataset release %s built: %s cameras", release.version, counts["cameras"])
