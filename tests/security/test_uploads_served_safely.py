"""What a volunteer uploads is never served as itself: a photo is re-encoded to JPEG under a
random name of ours and served as ``image/jpeg`` with ``nosniff``; SVG and HTML (however they are
named) are refused at the door and nothing is stored; the original never has a URL; and no file
in MEDIA_ROOT, whatever its name, is ever served as a page (HTML, SVG, XML)."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from cameramap.cameras.models import Photo, Report
from cameramap.cameras.services.photos import photo_process
from cameramap.moderation.services import report_approve, report_precheck
from tests.conftest import FIXTURES
from tests.photos.support import stored_files, throttle_reset  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("throttle_reset")]

REAL_JPEG = (FIXTURES / "photos" / "jpg_gps_DSCN0010.jpg").read_bytes()
# A volunteer's file name can say who and where they are; none of it may reach a URL or a header.
TELLING_NAME = "Jane-Doe_home-Kneza-Milosa-12_2026-05-01.jpg"
TELLING_WORDS = ("Jane", "Doe", "Kneza", "2026-05-01")
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
UNSAFE_TYPES = ("text/html", "image/svg+xml", "application/xml", "text/xml", "application/xhtml+xml")


def submit(upload: SimpleUploadedFile):
    form = {"lat": "44.8176", "lon": "20.4573", "photos": [upload]}
    return APIClient().post("/api/v1/reports/", form, format="multipart")


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_served_as_jpeg(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == "inline"  # no file name at all
    assert body(response).startswith(b"\xff\xd8\xff")
    headers = " ".join(f"{name}: {value}" for name, value in response.headers.items())
    assert not any(word in headers for word in TELLING_WORDS)


def test_a_published_photo_is_served_as_a_jpeg_under_a_random_name_of_ours(client, moderator):
    response = submit(SimpleUploadedFile(TELLING_NAME, REAL_JPEG, content_type="image/jpeg"))
    assert response.status_code == 201, response.content
    report = Report.objects.get(pk=response.json()["id"])
    photo = Photo.objects.get(report=report)
    assert re.fullmatch(r"originals/[0-9a-f]{32}\.jpg", photo.original.name)
    # The original is private: outside MEDIA_ROOT, so no URL reaches it, not even by climbing out.
    original = Path(photo.original.name).name
    assert client.get(f"/media/originals/{original}").status_code == 404
    assert client.get(f"/media/../private/originals/{original}").status_code in (400, 404)

    photo_process(photo=photo)
    report_precheck(report_id=report.pk)  # as the pipeline does when the photo is settled
    camera = report_approve(report=report, moderator=moderator)
    feature = client.get(f"/api/v1/cameras/{camera.pk}/").json()
    [shown] = feature["properties"]["photos"]

    for url in (shown["image"], shown["thumbnail"]):
        path = urlsplit(url).path
        assert re.fullmatch(r"/media/photos/(thumbs/)?[0-9a-f]{32}(_[A-Za-z0-9]{7})?\.jpg", path), path
        assert_served_as_jpeg(client.get(path))
    assert not any(word in str(feature) for word in TELLING_WORDS)


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("camera.svg", SVG, "image/svg+xml"),
        ("camera.jpg", SVG, "image/jpeg"),
        ("page.html", HTML, "text/html"),
        ("page.jpg", HTML, "image/jpeg"),
    ],
    ids=["svg", "svg-named-jpg", "html", "html-named-jpg"],
)
def test_svg_and_html_uploads_are_refused_and_nothing_is_stored(name, data, content_type):
    before = stored_files()
    response = submit(SimpleUploadedFile(name, data, content_type=content_type))
    assert response.status_code == 415, response.content
    assert list(response.json()) == ["photos"]
    assert Report.objects.count() == Photo.objects.count() == 0
    assert stored_files() == before


@pytest.fixture
def planted():
    """Files put straight into MEDIA_ROOT (as a careless operator or a future feature might),
    removed afterwards."""
    folder = Path(settings.MEDIA_ROOT) / "photos"
    folder.mkdir(parents=True, exist_ok=True)
    made = []

    def plant(name: str, data: bytes) -> str:
        (folder / name).write_bytes(data)
        made.append(folder / name)
        return f"/media/photos/{name}"

    yield plant
    for path in made:
        path.unlink(missing_ok=True)


@pytest.mark.parametrize(
    ("name", "data"),
    [("evil.html", HTML), ("evil.svg", SVG), ("evil.xhtml", HTML), ("evil.xml", SVG), ("evil.js", b"alert(1)")],
    ids=["html", "svg", "xhtml", "xml", "js"],
)
def test_no_file_in_media_is_ever_served_as_a_page(client, planted, name, data):
    response = client.get(planted(name, data))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not response["Content-Type"].startswith(UNSAFE_TYPES)


def test_html_named_jpg_in_media_is_typed_as_jpeg_and_never_sniffed(client, planted):
    """A browser told image/jpeg with nosniff never renders the bytes as a page."""
    response = client.get(planted("page.jpg", HTML))
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_media_answers_no_write_method(client, planted):
    url = planted("a.jpg", REAL_JPEG)
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(url).status_code == 405
    assert (Path(settings.MEDIA_ROOT) / "photos" / "a.jpg").read_bytes() == REAL_JPEG
