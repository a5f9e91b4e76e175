"""API errors and the pages' scripts speak the request's language too."""

import json
import re

import pytest

from tests.factories import camera_make
from tests.photos.support import throttle_reset, upload  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("accept", "language", "lat_error"), [
    ("sr", "sr", "Вредност мора бити мања или једнака 90."),
    ("sr-RS", "sr", "Вредност мора бити мања или једнака 90."),
    ("sr-Latn", "sr-latn", "Vrednost mora biti manja ili jednaka 90."),
    ("en", "en", "Ensure this value is less than or equal to 90."),
])
def test_a_report_validation_error_comes_back_in_the_request_language(client, accept, language, lat_error):
    response = client.post("/api/v1/reports/", {"lat": "200", "lon": "20.45", "kind": "new"},
                           headers={"accept-language": accept})

    assert response.status_code == 400
    body = response.json()
    assert body["lat"] == [lat_error]
    assert response["Content-Language"] == language


def test_drf_messages_are_translated_too(client):
    response = client.post("/api/v1/reports/", {"lon": "abc", "kind": "sideways"}, headers={"accept-language": "sr"})

    assert response.status_code == 400
    body = response.json()
    assert body["lon"] == ["Потребан је број."]
    assert body["kind"] == ["„sideways” није једно од: confirm, correct, gone, new."]


@pytest.mark.usefixtures("throttle_reset")
@pytest.mark.parametrize(("accept", "expected"), [
    ("sr", "Фотографија 1: Фотографија је оштећена и део слике недостаје, можда зато што је датотека скраћена док је "
           "копирана. Снимите или изаберите фотографију поново."),
    ("sr-Latn", "Fotografija 1: Fotografija je oštećena i deo slike nedostaje, možda zato što je datoteka skraćena "
                "dok je kopirana. Snimite ili izaberite fotografiju ponovo."),
])
def test_a_damaged_photo_is_refused_in_the_request_language_without_the_decoders_english(client, accept, expected):
    response = client.post("/api/v1/reports/", {"photos": [upload("jpg_corrupted.jpg")], "lat": "44.8", "lon": "20.45"},
                           headers={"accept-language": accept})

    assert response.status_code == 400
    assert response.json() == {"photos": [expected]}  # not "(Corrupt JPEG data: premature end of data segment)"


def test_the_api_404_is_translated(client):
    response = client.get("/api/v1/no-such-thing/", headers={"accept-language": "sr-Latn"})

    assert response.status_code == 404
    assert response.json() == {"detail": "Nije pronađeno."}


def catalog(client, accept) -> dict:
    response = client.get("/jsi18n/", headers={"accept-language": accept})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "max-age=3600"
    assert "Accept-Language" in response["Vary"]
    found = re.search(r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.S)
    return json.loads(found.group(1))


@pytest.mark.parametrize(("accept", "expected"), [
    ("sr", {"Show on map": "Прикажи на мапи", "photo GPS": "GPS фотографије"}),
    ("sr-Latn", {"Show on map": "Prikaži na mapi", "photo GPS": "GPS fotografije"}),
])
def test_the_script_catalogue_answers_in_the_requested_language(client, accept, expected):
    messages = catalog(client, accept)

    for msgid, translation in expected.items():
        assert messages[msgid] == translation
    assert len(messages["matching camera"]) == 3  # Serbian's three plural forms


def test_the_script_catalogue_chooses_serbian_plural_forms(client):
    response = client.get("/jsi18n/", headers={"accept-language": "sr"})
    source = response.content.decode()

    assert "n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2" in source
    forms = catalog(client, "sr")["%(count)s camera here, %(verified)s of them verified by volunteers; zoom in"]
    assert [form.split(",")[0] for form in forms] == ["%(count)s камера овде", "%(count)s камере овде", "%(count)s камера овде"]


def test_the_script_catalogue_is_empty_in_english(client):
    response = client.get("/jsi18n/", headers={"accept-language": "en"})

    assert response.status_code == 200
    assert "Прикажи" not in response.content.decode()
    assert "function gettext" in response.content.decode() or "django.gettext" in response.content.decode()


def test_every_page_loads_the_catalogue_before_its_own_scripts(client, moderator):
    camera = camera_make()
    client.force_login(moderator)
    for url in ("/", "/submit/", f"/cameras/{camera.id}/", "/data/", "/moderate/"):
        html = client.get(url, headers={"accept-language": "sr"}).content.decode()
        scripts = re.findall(r'<script src="([^"]+)"', html)
        assert scripts[0] == "/jsi18n/?l=sr", url
        assert all(not src.startswith("http") for src in scripts), url
