"""A corpus of hostile photos (fixtures and generated ones): every one answered 4xx with a JSON
body naming the field, and nothing stored — no report, no photo row, no file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from cameramap.cameras.models import Photo, Report
from cameramap.cameras.services.photos import photo_process
from tests.conftest import FIXTURES
from tests.hostile.corpus import BadPhoto, corpus
from tests.photos.support import stored_files, throttle_reset  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("throttle_reset")]
REAL_JPEG = (FIXTURES / "photos" / "jpg_gps_DSCN0010.jpg").read_bytes()
HUNDRED_MB = 100 * 1024 * 1024


def post(photo: SimpleUploadedFile):
    return APIClient().post(
        "/api/v1/reports/", {"lat": "44.8176", "lon": "20.4573", "photos": [photo]}, format="multipart"
    )


@pytest.mark.parametrize("bad", corpus(REAL_JPEG, max_bytes=15 * 1024 * 1024), ids=lambda bad: bad.why)
def test_hostile_photo_is_refused_and_nothing_is_stored(bad: BadPhoto):
    before = stored_files()
    response = post(SimpleUploadedFile(bad.name, bad.data, content_type=bad.content_type))
    assert response.status_code == bad.status, response.content
    assert list(response.json()) == ["photos"] and response.json()["photos"]
    assert Report.objects.count() == Photo.objects.count() == 0
    assert stored_files() == before


@pytest.mark.parametrize("name", ["jpg_corrupted.jpg"])
def test_damaged_fixture_photo_is_refused(name):
    before = stored_files()
    data = (FIXTURES / "photos" / name).read_bytes()
    response = post(SimpleUploadedFile(name, data, content_type="image/jpeg"))
    assert response.status_code == 400 and "photos" in response.json()
    assert Report.objects.count() == 0 and stored_files() == before


def test_a_100_mb_upload_is_413_and_nothing_is_stored():
    before = stored_files()
    response = post(SimpleUploadedFile("big.jpg", REAL_JPEG + b"\0" * HUNDRED_MB, content_type="image/jpeg"))
    assert response.status_code == 413
    assert "photos" in response.json()
    assert Report.objects.count() == 0 and stored_files() == before


def test_a_jpeg_carrying_a_zip_and_a_script_is_cleaned_by_re_encoding():
    """A polyglot that is a real JPEG is a photo: it is accepted, and what is published is only
    its pixels, re-encoded; the payload behind the image is gone."""
    payload = b"PK\x03\x04cameramap-payload<script>alert(1)</script>"
    response = post(SimpleUploadedFile("camera.jpg", REAL_JPEG + payload, content_type="image/jpeg"))
    assert response.status_code == 201, response.content
    photo = Photo.objects.get(report_id=response.json()["id"])
    photo_process(photo=photo)
    photo.refresh_from_db()
    assert photo.state == "done"
    for stored in (photo.image, photo.thumbnail):
        data = stored.read()
        assert data.startswith(b"\xff\xd8") and b"cameramap-payload" not in data and b"<script>" not in data


def test_file_names_are_never_trusted():
    response = post(SimpleUploadedFile("../../../../tmp/evil.php.jpg", REAL_JPEG, content_type="image/jpeg"))
    assert response.status_code == 201
    photo = Photo.objects.get(report_id=response.json()["id"])
    assert ".." not in photo.original.name and "evil" not in photo.original.name
    assert photo.original.name.startswith("originals/")
