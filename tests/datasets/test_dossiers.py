"""Dossiers: asked for through the API and /data/, built into a PDF that is read back — its
figures against the statistics the API serves, its Serbian text, and nothing private in it."""

import hashlib
import io
import subprocess
from datetime import date, timedelta

import pytest
from django.contrib.gis.geos import Point
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cameramap.cameras.areas import areas_refresh
from cameramap.cameras.history import Action, event_write
from cameramap.cameras.models import Area
from cameramap.datasets import tasks
from cameramap.datasets.dossiers import dossier_build
from cameramap.datasets.models import Dossier
from tests.conftest import FIXTURES
from tests.datasets.conftest import square
from tests.factories import camera_make, published_photo

pytestmark = pytest.mark.django_db
PRIVATE = ("SECRET-NOTE-7731", "volunteer-ana", "reason-kept-private", "44.81601", "20.41702")


@pytest.fixture
def city(db, moderator, django_user_model):
    """Two districts with Cyrillic names, cameras of every kind, and private details (a report's
    notes, a contributor, a moderator's reason, a photo's GPS) that no dossier may carry."""
    vracar = Area.objects.create(name="Врачар", slug="vracar", boundary=square(20.40, 44.80, 20.42, 44.82), population=55_000)
    Area.objects.create(name="Звездара", slug="zvezdara", boundary=square(20.42, 44.80, 20.44, 44.82))
    watched = camera_make(lon=20.41, lat=44.81, operator="Градска управа", operator_type="city", facial_recognition="confirmed",
                          sign_present="no", first_seen=date(2026, 2, 3), last_confirmed=date(2026, 3, 4))
    camera_make(lon=20.411, lat=44.811, operator_type="police", camera_type="dome", sign_present="yes")
    camera_make(lon=20.412, lat=44.812, source="osm", operator_type="private")
    camera_make(lon=20.413, lat=44.813, status="removed")
    camera_make(lon=20.414, lat=44.814, published=False, operator="unpublished-operator")
    camera_make(lon=20.43, lat=44.81, operator_type="transport")
    areas_refresh()
    volunteer = django_user_model.objects.create_user(username="volunteer-ana", password="x-password-1")
    photo = published_photo(watched, FIXTURES / "photos" / "jpg_gps_DSCN0010.jpg", notes="SECRET-NOTE-7731")
    photo.exif_location = Point(x=20.41702, y=44.81601, srid=4326)
    photo.save()
    photo.report.contributor = volunteer
    photo.report.save()
    event_write(action=Action.CORRECT, camera=watched, moderator=moderator, reason="reason-kept-private")
    return {"vracar": vracar, "watched": watched}


def _requested(client, monkeypatch, **data) -> dict:
    """POST a request; the task is sent once, after the commit, with the dossier's id."""
    sent = []
    monkeypatch.setattr(tasks.dossier_build, "delay", sent.append)
    with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
        response = client.post(reverse("api-dossier-list"), data, format="json")
    assert response.status_code == 202, response.content
    assert len(callbacks) == 1 and sent == [response.json()["id"]]
    return response.json()


def _built(client, monkeypatch, **data) -> tuple[dict, bytes]:
    asked = _requested(client, monkeypatch, **data)
    assert asked["status"] == "building" and asked["download_url"] is None
    tasks.dossier_build(asked["id"])
    detail = client.get(asked["url"]).json()
    assert detail["status"] == "ready", detail["error"]
    assert detail["progress"] == 100
    response = client.get(detail["download_url"])
    assert response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content)
    assert hashlib.sha256(pdf).hexdigest() == detail["sha256"] == response["X-Content-SHA256"]
    return detail, pdf


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _figure(text: str, label: str) -> str:
    line = next(line for line in text.splitlines() if line.startswith(label))
    return line[len(label):].strip()


def test_a_district_dossier_in_cyrillic_holds_the_apis_figures_and_nothing_private(city, moderator_api, monkeypatch, client):
    detail, pdf = _built(moderator_api, monkeypatch, area="vracar", language="sr", camera_pages=True)
    text = _text(pdf)
    stats = client.get(reverse("areas-area-stats", args=[city["vracar"].id])).json()
    assert "Надзорне камере: Врачар" in text  # Cyrillic, from the site's translations
    assert _figure(text, "Камере на улици (присутне или покривене)") == str(stats["cameras"]) == "3"
    assert _figure(text, "проверили волонтери") == str(stats["verified"]) == "2"
    assert _figure(text, "увезене, још непроверене") == str(stats["imported"]) == "1"
    assert _figure(text, "на 1.000 становника") == "0,0545" and stats["per_1000"] == 0.0545
    assert detail["cameras"] == 3 and detail["area"] == "vracar"
    assert f"/cameras/{city['watched'].id}/" in text
    assert "Виђења по дану" in text and "камера исправљена" in text  # the camera's evidence page
    for private in PRIVATE + ("unpublished-operator",):
        assert private not in text
    reader = PdfReader(io.BytesIO(pdf))
    assert b"pdfaid" in reader.xmp_metadata.stream.get_data()  # archival PDF/A
    assert any("/XObject" in (page.get("/Resources") or {}) for page in reader.pages)  # the photo is embedded


def test_a_city_dossier_in_latin_counts_every_camera(city, moderator_api, monkeypatch, client):
    detail, pdf = _built(moderator_api, monkeypatch, language="sr-latn")
    text = _text(pdf)
    stats = client.get(reverse("areas-stats")).json()["city"]
    assert "Nadzorne kamere u gradu" in text
    assert _figure(text, "Kamere na ulici (prisutne ili pokrivene)") == str(stats["cameras"]) == "4"
    assert detail["cameras"] == stats["cameras"] and detail["area"] is None
    assert "Врачар" in text  # a district's name stays as it is written
    for private in PRIVATE:
        assert private not in text


def test_the_pdf_renders_to_an_image(city, moderator_api, monkeypatch, tmp_path):
    _detail, pdf = _built(moderator_api, monkeypatch, area="vracar", language="en")
    (tmp_path / "d.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "4", tmp_path / "d.pdf", tmp_path / "page"], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == 4


def test_only_moderators_ask_and_a_private_dossier_is_hidden(city, moderator_api, monkeypatch, client):
    assert client.post(reverse("api-dossier-list"), {"language": "en"}, content_type="application/json").status_code in (401, 403)
    hidden = _requested(moderator_api, monkeypatch, language="en", visibility="moderators")
    public = _requested(moderator_api, monkeypatch, language="sr")
    assert [d["id"] for d in client.get(reverse("api-dossier-list")).json()["results"]] == [public["id"]]
    assert [d["id"] for d in moderator_api.get(reverse("api-dossier-list")).json()["results"]] == [public["id"], hidden["id"]]
    assert client.get(hidden["url"]).status_code == 404
    assert client.get(reverse("api-dossier-file", args=[hidden["id"]])).status_code == 404


@pytest.mark.parametrize("data, field, status", [
    ({"language": "de"}, "language", 400),
    ({"language": "en", "area": "atlantis"}, "area", 404),  # names no district, as ?area= does
    ({"language": "en", "area": "}\x00\xa6G"}, "area", 400),  # cannot be a slug (a NUL was a 500)
    ({"language": "en", "area": "<script>alert(1)</script>"}, "area", 400),
    ({"language": "en", "visibility": "everyone"}, "visibility", 400),
    ({"language": "en", "camera_pages": True}, "camera_pages", 400),  # the city is over the limit set below
])
def test_bad_requests_are_refused_and_nothing_is_stored(city, moderator_api, settings, data, field, status):
    settings.DOSSIER_CAMERA_PAGES_MAX = 3
    response = moderator_api.post(reverse("api-dossier-list"), data, format="json")
    assert response.status_code == status
    assert field in response.json()
    assert not Dossier.objects.exists()


def test_a_failed_build_is_recorded(city, monkeypatch):
    dossier = Dossier.objects.create(language="en")
    monkeypatch.setattr("cameramap.datasets.dossiers.dossier_pdf", lambda html: 1 / 0)
    assert dossier_build(dossier.id).status == "failed"
    dossier.refresh_from_db()
    assert dossier.error == "division by zero" and not dossier.path


def test_data_page_lists_dossiers_and_offers_the_form_to_moderators(city, moderator, client, monkeypatch):
    public = Dossier.objects.create(area=city["vracar"], language="sr", status="ready", sha256="ab" * 32, size=1000, cameras=3)
    Dossier.objects.create(language="en", visibility="moderators")
    page = client.get(reverse("datasets:data")).content.decode()
    assert "ab" * 32 in page and reverse("api-dossier-file", args=[public.id]) in page
    assert "moderators only" not in page and 'action="/data/dossiers/"' not in page
    assert client.post(reverse("datasets:dossier-create"), {"language": "en"}).status_code == 403
    client.force_login(moderator)
    page = client.get(reverse("datasets:data")).content.decode()
    assert "moderators only" in page and 'action="/data/dossiers/"' in page
    monkeypatch.setattr(tasks.dossier_build, "delay", lambda dossier_id: None)
    response = client.post(reverse("datasets:dossier-create"), {"language": "sr-latn", "area": "vracar", "visibility": "public"})
    assert response.status_code == 302
    assert Dossier.objects.filter(language="sr-latn", area=city["vracar"]).exists()
    assert client.post(reverse("datasets:dossier-create"), {"language": "xx"}).status_code == 400


def test_a_build_whose_worker_died_is_marked_failed(city, client, settings):
    lost = Dossier.objects.create(language="en")
    Dossier.objects.filter(id=lost.id).update(created_at=timezone.now() - timedelta(seconds=settings.DOSSIER_BUILD_TIME_LIMIT + 301))
    running = Dossier.objects.create(language="sr")
    client.get(reverse("api-dossier-list"))
    assert Dossier.objects.get(id=lost.id).status == "failed"
    assert Dossier.objects.get(id=running.id).status == "building"
