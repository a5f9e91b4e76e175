"""MEDIA_STORAGE=s3 end to end against a real S3 API server: each kind of file lands in its
bucket and prefix, public objects are readable by anyone at stable URLs, private ones only
through signed URLs handed to those allowed, and nothing private is readable anonymously.

moto enforces object ACLs for anonymous requests (what these tests rely on), but it does not
check the signature or the expiry of a signed URL: those are asserted on the URL itself."""

import hashlib
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

from cameramap.cameras import tasks
from cameramap.cameras.services.reports import report_create
from cameramap.cameras.storage import private_storage
from cameramap.datasets.dossiers import dossier_build, dossier_open
from cameramap.datasets.releases import release_build, release_start
from cameramap.moderation.services import report_approve
from cameramap.moderation.tasks import report_precheck
from tests.conftest import FIXTURES
from tests.factories import camera_make, published_photo
from tests.photos.support import upload
from tests.storage.conftest import PRIVATE_BUCKET, PUBLIC_BUCKET, SIGNED_SECONDS, fetch, keys

pytestmark = pytest.mark.django_db


def _signed(url: str) -> dict:
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"] and query["X-Amz-Signature"][0]
    return query


def _unsigned(url: str) -> str:
    return url.split("?")[0]


def _nothing_private_is_public(s3_client, endpoint: str) -> list[str]:
    """Every object of the private bucket, fetched by anyone: each must be refused."""
    names = keys(s3_client, PRIVATE_BUCKET)
    for key in names:
        status, _headers, _body = fetch(f"{endpoint}/{PRIVATE_BUCKET}/{key}")
        assert status == 403, key
    return names


def test_a_photo_goes_private_then_public_and_its_private_copies_go(object_storage, s3_client, s3_env,
                                                                       django_capture_on_commit_callbacks, client, moderator,
                                                                       monkeypatch):
    monkeypatch.setattr(tasks.photo_process, "delay", lambda photo_id: None)
    monkeypatch.setattr(report_precheck, "delay", lambda report_id: None)
    with django_capture_on_commit_callbacks(execute=True):
        report = report_create(location=None, photos=[upload("jpg_gps_DSCN0010.jpg")])
    photo = report.photos.get()
    assert keys(s3_client, PRIVATE_BUCKET) == [f"private/{photo.original.name}"]
    assert keys(s3_client, PUBLIC_BUCKET) == []

    with django_capture_on_commit_callbacks(execute=True):
        tasks.photo_process(photo.pk)
    photo.refresh_from_db()
    assert photo.state == "done"
    # The original went after processing; the unblurred copy waits, private, for the moderator.
    assert keys(s3_client, PRIVATE_BUCKET) == [f"private/{photo.unblurred.name}"]
    assert keys(s3_client, PUBLIC_BUCKET) == sorted([f"public/{photo.image.name}", f"public/{photo.thumbnail.name}"])

    # Public: a stable, unsigned URL anyone can read, cacheable.
    assert photo.image.url == f"{s3_env['S3_ENDPOINT_URL']}/{PUBLIC_BUCKET}/public/{photo.image.name}"
    status, headers, body = fetch(photo.image.url)
    assert status == 200 and body[:3] == b"\xff\xd8\xff" and headers["content-type"] == "image/jpeg"
    assert headers["cache-control"].startswith("public, max-age=")

    # Private: refused to anyone; the moderator is sent to a URL signed for a short while.
    _nothing_private_is_public(s3_client, s3_env["S3_ENDPOINT_URL"])
    view = reverse("moderation:photo_unblurred", args=[photo.pk])
    assert client.get(view).status_code == 403
    client.force_login(moderator)
    redirect = client.get(view)
    assert redirect.status_code == 302 and redirect["Cache-Control"] == "private, no-store"
    query = _signed(redirect["Location"])
    assert query["X-Amz-Expires"] == [str(SIGNED_SECONDS)]
    status, _headers, body = fetch(redirect["Location"])
    assert status == 200 and body[:3] == b"\xff\xd8\xff"
    assert fetch(_unsigned(redirect["Location"]))[0] == 403

    # The decision publishes the photo and deletes the unblurred copy.
    report_precheck(report.pk)
    with django_capture_on_commit_callbacks(execute=True):
        report_approve(report=report, moderator=moderator)
    assert keys(s3_client, PRIVATE_BUCKET) == []
    assert fetch(photo.image.url)[0] == 200
    camera = client.get(reverse("api-camera-detail", args=[report_id_camera(report)])).json()
    assert camera["properties"]["photos"][0]["image"] == photo.image.url


def report_id_camera(report) -> int:
    report.refresh_from_db()
    return report.camera_id


def test_release_files_are_public_at_stable_urls(object_storage, s3_client, client):
    camera_make(operator="Градска управа")
    release = release_build(release_start().id)
    public = keys(s3_client, PUBLIC_BUCKET)
    assert f"public/datasets/{release.version}/cameras.csv" in public
    assert f"public/datasets/{release.version}/cameramap-{release.version}.zip" in public
    assert not [key for key in keys(s3_client, PRIVATE_BUCKET) if "datasets" in key]

    response = client.get("/api/v1/datasets/latest/cameras.csv")
    assert response.status_code == 302 and response["X-Dataset-Version"] == release.version
    location = response["Location"]
    assert location == f"{object_storage['default']['OPTIONS']['endpoint_url']}/{PUBLIC_BUCKET}/public/datasets/{release.version}/cameras.csv"
    status, headers, body = fetch(location)
    assert status == 200 and headers["content-type"] == "text/csv; charset=utf-8"
    assert hashlib.sha256(body).hexdigest() == release.files["cameras.csv"]["sha256"] == response["X-Content-SHA256"]
    assert "Градска управа" in body.decode()


def test_a_dossier_is_private_and_handed_out_signed(object_storage, s3_client, s3_env, client, moderator):
    camera = camera_make(operator="Градска управа")
    published_photo(camera, FIXTURES / "photos" / "jpg_gps_DSCN0010.jpg")
    dossier = dossier_open(language="en", visibility="moderators", camera_pages=True, site_url="http://testserver")
    dossier = dossier_build(dossier.pk)
    assert dossier.status == "ready", dossier.error
    assert keys(s3_client, PRIVATE_BUCKET) == [f"private/{dossier.path}"]
    file_url = reverse("api-dossier-file", args=[dossier.pk])
    assert client.get(file_url).status_code == 404  # a moderators' dossier does not exist for others

    client.force_login(moderator)
    response = client.get(file_url)
    assert response.status_code == 302 and response["Cache-Control"] == "private, no-store"
    assert _signed(response["Location"])["X-Amz-Expires"] == [str(SIGNED_SECONDS)]
    status, headers, pdf = fetch(response["Location"])
    assert status == 200 and pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == dossier.sha256
    assert headers["content-disposition"].startswith("attachment; filename=")
    # The camera's photo was read from the public bucket into the PDF (an image XObject).
    assert b"/Subtype /Image" in pdf or b"/Subtype/Image" in pdf
    _nothing_private_is_public(s3_client, s3_env["S3_ENDPOINT_URL"])


@pytest.mark.django_db(transaction=True)
def test_a_backup_is_kept_in_the_private_bucket_and_restored_from_it(object_storage, s3_client, s3_env, tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from cameramap.cameras.models import Camera

    kept = camera_make(operator="kept")
    default_storage.save("photos/kept.jpg", ContentFile(b"public bytes"))
    private_storage.save("originals/kept.jpg", ContentFile(b"private bytes"))
    call_command("backup", directory=tmp_path)
    [stored] = [key for key in keys(s3_client, PRIVATE_BUCKET) if key.startswith("private/backups/")]
    assert stored.endswith(".tar.gz")

    camera_make(operator="added later")
    default_storage.delete("photos/kept.jpg")
    default_storage.save("photos/later.jpg", ContentFile(b"later"))
    call_command("restore", stored.removeprefix("private/"), yes=True)

    assert list(Camera.objects.values_list("operator", flat=True)) == [kept.operator]
    assert keys(s3_client, PUBLIC_BUCKET) == ["public/photos/kept.jpg"]
    with default_storage.open("photos/kept.jpg") as restored:
        assert restored.read() == b"public bytes"
    assert sorted(keys(s3_client, PRIVATE_BUCKET)) == sorted(["private/originals/kept.jpg", stored])
    names = _nothing_private_is_public(s3_client, s3_env["S3_ENDPOINT_URL"])
    assert stored in names


def test_private_objects_stay_private_in_a_shared_bucket(object_storage, s3_client, s3_env, settings, monkeypatch):
    """With one bucket for both, the private prefix is still never readable by anyone."""
    import environ

    from cameramap.settings.storage import storages_from_env

    monkeypatch.setenv("S3_PRIVATE_BUCKET", "")
    settings.STORAGES = storages_from_env(environ.Env())
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    public = default_storage.save("photos/a.jpg", ContentFile(b"a"))
    private = private_storage.save("originals/a.jpg", ContentFile(b"b"))
    assert keys(s3_client, PUBLIC_BUCKET) == [f"private/{private}", f"public/{public}"]
    assert fetch(default_storage.url(public))[0] == 200
    assert fetch(f"{s3_env['S3_ENDPOINT_URL']}/{PUBLIC_BUCKET}/private/{private}")[0] == 403
    assert fetch(private_storage.url(private))[0] == 200
