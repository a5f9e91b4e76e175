"""Releases: files with checksums, a Frictionless datapackage, a zip, a changelog that names
exactly the cameras added, removed and changed; built by the beat task on a real worker."""

import csv
import hashlib
import io
import json
import zipfile

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from cameramap.cameras.models import Camera
from cameramap.datasets.models import DatasetRelease
from cameramap.datasets.releases import release_build, release_start
from tests.conftest import wait_for
from tests.factories import camera_make

pytestmark = pytest.mark.django_db
FILES = {"cameras.csv", "cameras.geojson", "cameras.gpkg", "cameras.kml", "cameras.osm", "statistics.csv",
         "exposure.csv", "fov_model.json", "fields_of_view.geojson", "changelog.json", "LICENCE.txt", "datapackage.json", "cameras.pmtiles"}


def build():
    release = release_start()
    assert release is not None
    return release_build(release.id)


def read(release, name: str) -> bytes:
    with default_storage.open(release.files[name]["path"], "rb") as handle:
        return handle.read()


def test_release_has_every_file_with_its_checksum_and_a_datapackage(sample):
    release = build()

    assert release.status == "ready" and release.progress == 100
    assert release.version == timezone.localtime(release.created_at).strftime("%Y.%m.%d")
    zip_name = f"cameramap-{release.version}.zip"
    assert set(release.files) == FILES | {zip_name}
    for name, info in release.files.items():
        body = read(release, name)
        assert hashlib.sha256(body).hexdigest() == info["sha256"] and len(body) == info["size"], name
    assert release.checksum == release.files[zip_name]["sha256"]
    assert release.counts == {"cameras": 4, "verified": 2, "imported": 2, "imported_by_source": {"osm": 2},
                              "by_source": {"crowd": 2, "osm": 2}, "by_status": {"present": 3, "covered": 1},
                              "osm_linked": 2}
    assert release.licence == settings.DATASET_LICENCE == "ODbL-1.0"
    assert "OpenStreetMap contributors" in release.attribution

    package = json.loads(read(release, "datapackage.json"))
    assert package["profile"] == "data-package" and package["version"] == release.version
    assert package["licenses"][0]["name"] == "ODbL-1.0" and package["licenses"][0]["path"].startswith("https://opendatacommons.org")
    resources = {r["path"]: r for r in package["resources"]}
    assert set(resources) == FILES - {"datapackage.json"}
    for path, resource in resources.items():
        assert resource["hash"] == f"sha256:{release.files[path]['sha256']}" and resource["bytes"] == release.files[path]["size"]
    header = next(csv.reader(io.StringIO(read(release, "cameras.csv").decode())))
    assert [f["name"] for f in resources["cameras.csv"]["schema"]["fields"]] == header

    with zipfile.ZipFile(io.BytesIO(read(release, zip_name))) as archive:
        names = {n.split("/", 1)[1] for n in archive.namelist()}
        assert names == FILES
        assert archive.read(f"cameramap-{release.version}/cameras.csv") == read(release, "cameras.csv")


def test_changelog_names_cameras_added_removed_and_changed(sample):
    first = build()
    a, b, c = sample["a"], sample["b"], sample["c"]
    Camera.objects.filter(pk=b.pk).update(published=False)  # withdrawn
    Camera.objects.filter(pk=c.pk).update(operator="Policija", status="removed")
    new = camera_make(lon=20.46, lat=44.82)

    second = build()

    assert second.version == f"{first.version}.2"
    assert second.changelog["previous"] == first.version
    assert second.changelog["counts"] == {"added": 1, "removed": 1, "changed": 1}
    assert (second.changelog["added"], second.changelog["removed"], second.changelog["changed"]) == ([new.id], [b.id], [c.id])
    full = json.loads(read(second, "changelog.json"))
    assert full["changed"] == [{"id": c.id, "fields": ["operator", "status"]}]
    assert first.changelog["previous"] is None
    assert sorted(first.changelog["added"]) == sorted([a.id, b.id, c.id, sample["way"].id])
    third = build()
    assert third.changelog["counts"] == {"added": 0, "removed": 0, "changed": 0}


def test_only_one_build_runs_at_a_time(sample):
    running = release_start()
    assert release_start() is None
    release_build(running.id)
    assert release_start() is not None


def test_command_builds_a_release_with_a_progress_bar(sample, capsys):
    out = io.StringIO()
    call_command("dataset_release", stdout=out)
    release = DatasetRelease.objects.get()
    assert release.status == "ready"
    assert f"Release {release.version}: 4 cameras (2 verified by volunteers, 2 imported)" in out.getvalue()
    assert "100%" in capsys.readouterr().err


def test_the_nightly_entry_is_in_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["datasets-release-nightly"]
    assert entry["task"] == "cameramap.datasets.tasks.dataset_release_scheduled"
    assert entry["schedule"].hour == {2} and entry["schedule"].minute == {30}


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_beat_task_builds_a_release_on_a_real_worker(celery_worker):
    from cameramap.datasets.tasks import dataset_release_scheduled

    camera = camera_make(operator="Grad Beograd")
    dataset_release_scheduled.delay()

    try:
        release = wait_for(lambda: DatasetRelease.objects.filter(status="ready").first(), timeout=120)
    except BaseException:
        print(celery_worker.log()[-5000:])  # shown by pytest when the test fails
        raise
    assert release.counts["cameras"] == 1 and release.changelog["added"] == [camera.id]
    rows = list(csv.DictReader(io.StringIO(read(release, "cameras.csv").decode())))
    assert [(int(r["id"]), r["operator"]) for r in rows] == [(camera.id, "Grad Beograd")]
    # The worker logs after the release's row is updated: wait for the line rather than race it.
    assert wait_for(lambda: "dataset release" in celery_worker.log(), timeout=30)
