"""Our error pages (cameramap/web/errors.py): 404, 500, 403, 400 and a form without its CSRF
token, each in the reader's language, inside the site's header, with a sentence that helps and
the right status; JSON under /api/. And /favicon.ico."""

import io
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from PIL import Image

from tests.factories import camera_make, report_make

pytestmark = pytest.mark.django_db

# The heading of each page, in English, Serbian Cyrillic and Serbian Latin.
RECEIPT = {"en": "This receipt link is not valid", "sr": "Ова веза потврде не важи",
           "sr-latn": "Ova veza potvrde ne važi"}
CAMERA = {"en": "This camera is not on the map", "sr": "Ове камере нема на мапи", "sr-latn": "Ove kamere nema na mapi"}
GENERAL = {"en": "There is no page at this address", "sr": "На овој адреси нема стране",
           "sr-latn": "Na ovoj adresi nema strane"}
SERVER = {"en": "Something went wrong on our side", "sr": "Нешто је пошло наопако код нас",
          "sr-latn": "Nešto je pošlo naopako kod nas"}
LANGUAGES = ["en", "sr", "sr-latn"]


def heading(response) -> str:
    return re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.S).group(1).strip()


def assert_our_page(response, status: int, language: str):
    body = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert f'<html lang="{language}">' in body
    assert '<header class="site-header">' in body and 'class="language-switcher"' in body  # base.html's header
    assert f'<article class="error-page" data-status="{status}">' in body
    assert '<meta name="referrer" content="same-origin">' in body  # a receipt link's code stays on our site
    assert "/static/cameramap/error.css" in body


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_wrong_receipt_link_says_so_in_the_readers_language(client, language):
    report = report_make()
    for path in (f"/reports/{report.pk}/?receipt={report.receipt[:-3]}",  # copied without its last characters
                 f"/reports/{report.pk}/",                                  # without its code
                 f"/reports/{report.pk + 1000}/?receipt={report.receipt}",  # the number mistyped
                 "/reports/12ab/"):                                         # not a number at all
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert_our_page(response, 404, language)
        assert heading(response) == RECEIPT[language], path


def test_the_receipt_page_tells_what_a_whole_link_looks_like(client):
    body = client.get("/reports/1/?receipt=abc").content.decode()
    assert "Check that it was copied whole" in body
    assert "we cannot look it up for you" in body


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_camera_that_is_not_on_the_map_and_any_other_address_have_their_own_sentence(client, language):
    hidden = camera_make(published=False)
    for path in (f"/cameras/{hidden.pk}/", "/cameras/987654/"):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert_our_page(response, 404, language)
        assert heading(response) == CAMERA[language]
    response = client.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE=language)
    assert_our_page(response, 404, language)
    assert heading(response) == GENERAL[language]


def test_api_paths_keep_their_json_errors(client):
    for path in ("/api/v1/no-such-thing/", "/api/v2/cameras/", "/api/"):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="sr")
        assert (response.status_code, response["Content-Type"]) == (404, "application/json"), path
        assert response.json() == {"detail": "Није пронађено."}


def failing_context_processor(request):
    raise RuntimeError("a context processor that fails")


@pytest.fixture
def failing_page(monkeypatch, settings):
    """The map page fails inside its view, and a context processor fails too: what the 500 page
    is for. Returns a logged-in client (its session and user would need the database)."""
    import cameramap.web.views

    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr(cameramap.web.views, "camera_counts", broken)
    template = dict(settings.TEMPLATES[0], OPTIONS=dict(settings.TEMPLATES[0]["OPTIONS"]))
    template["OPTIONS"]["context_processors"] = [
        *template["OPTIONS"]["context_processors"], "tests.web.test_error_pages.failing_context_processor"]
    settings.TEMPLATES = [template]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_500_page_needs_neither_the_database_nor_the_context_processors(failing_page, admin_user, language,
                                                                             django_assert_num_queries):
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)

    with django_assert_num_queries(0):  # not the session, not the user, nothing
        response = client.get("/", HTTP_ACCEPT_LANGUAGE=language)

    assert_our_page(response, 500, language)
    assert heading(response) == SERVER[language]
    body = response.content.decode()
    assert 'href="/submit/"' in body and 'class="language-switcher"' in body  # navigation and the language switcher
    assert "Moderate" not in body  # it does not know who is asking, and says nothing it would need to


def test_a_500_under_the_api_is_json(monkeypatch, client):
    import api.cameras

    def broken(camera_id):
        raise RuntimeError("boom")

    monkeypatch.setattr(api.cameras, "camera_resolve", broken)
    client.raise_request_exception = False
    response = client.get("/api/v1/cameras/1/", HTTP_ACCEPT_LANGUAGE="sr-latn")
    assert (response.status_code, response["Content-Type"]) == (500, "application/json")
    assert response.json() == {"detail": "Nešto je pošlo naopako kod nas. Pokušajte ponovo za minut."}


def test_a_page_for_moderators_refuses_others_with_our_403_and_a_way_to_log_in(client, django_user_model):
    client.force_login(django_user_model.objects.create_user(username="vol", password="vol-password-1"))
    response = client.get("/moderate/", HTTP_ACCEPT_LANGUAGE="sr")
    assert_our_page(response, 403, "sr")
    assert heading(response) == "Ова страна вам није отворена"
    assert 'href="/admin/login/?next=%2Fmoderate%2F"' in response.content.decode()


def test_a_form_without_its_csrf_token_gets_our_403(client):
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post("/data/dossiers/", {"language": "sr"}, HTTP_ACCEPT_LANGUAGE="sr-latn")
    assert_our_page(response, 403, "sr-latn")
    assert heading(response) == "Obrazac nije mogao da se pošalje"


def test_a_refused_host_gets_our_400_without_the_context_processors(client):
    response = client.get("/", HTTP_HOST="evil.example", HTTP_ACCEPT_LANGUAGE="sr")
    assert_our_page(response, 400, "sr")
    assert heading(response) == "Захтев није могао да се разуме"


def test_favicon_is_a_real_icon_at_the_root_and_every_page_links_the_icons(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/vnd.microsoft.icon"
    assert "max-age=604800" in response["Cache-Control"]
    icon = Image.open(io.BytesIO(response.content))
    assert icon.format == "ICO" and {(16, 16), (32, 32)} <= set(icon.ico.sizes())
    assert client.head("/favicon.ico").status_code == 200

    for path in ("/", "/submit/", "/data/", "/no/such/page/"):
        body = client.get(path).content.decode()
        links = re.findall(r'<link rel="icon" href="/static/([^"]+)"', body)
        assert links == ["cameramap/icons/favicon.ico", "cameramap/icons/icon.svg"], path
    svg = open(finders.find("cameramap/icons/icon.svg"), encoding="utf-8").read()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">') and "<script" not in svg
