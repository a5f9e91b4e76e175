"""Which language a page comes in: from the browser's Accept-Language (Serbian asks get Cyrillic,
the official script, unless the browser asks for Latin), or from the switcher's cookie."""

import pytest

from tests.factories import camera_make

pytestmark = pytest.mark.django_db

CYRILLIC, LATIN, ENGLISH = "sr", "sr-latn", "en"
# One sentence of each page, in each language.
PAGES = {
    "map": ("/", {CYRILLIC: "Надзорне камере", LATIN: "Nadzorne kamere", ENGLISH: "Surveillance cameras"}),
    "submit": ("/submit/", {CYRILLIC: "Где је?", LATIN: "Gde je?", ENGLISH: "Where is it?"}),
    "camera": ("/cameras/{id}/", {CYRILLIC: "Шта знамо", LATIN: "Šta znamo", ENGLISH: "What we know"}),
    "data": ("/data/", {CYRILLIC: "Статистика по општинама", LATIN: "Statistika po opštinama",
                        ENGLISH: "Statistics per district"}),
    "moderation": ("/moderate/", {CYRILLIC: "Ред за модерацију", LATIN: "Red za moderaciju", ENGLISH: "Moderation queue"}),
}


@pytest.fixture
def page_get(client, moderator):
    camera = camera_make(operator="Grad Beograd")
    client.force_login(moderator)

    def get(page: str, **headers):
        url, sentences = PAGES[page]
        return client.get(url.format(id=camera.id), headers=headers), sentences

    return get


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("accept", "language"), [
    ("sr", CYRILLIC), ("sr-RS", CYRILLIC), ("sr-Cyrl", CYRILLIC), ("sr-Cyrl-RS", CYRILLIC),
    ("sr-Latn", LATIN), ("sr-Latn-RS", LATIN), ("sr-latn", LATIN),
    ("en", ENGLISH), ("en-GB,en;q=0.9", ENGLISH),
])
def test_page_comes_in_the_language_the_browser_asks_for(page_get, page, accept, language):
    response, sentences = page_get(page, accept_language=accept)

    assert response.status_code == 200
    html = response.content.decode()
    assert sentences[language] in html
    for other in {CYRILLIC, LATIN, ENGLISH} - {language}:
        assert sentences[other] not in html
    assert f'<html lang="{language}">' in html
    assert response["Content-Language"] == language


@pytest.mark.parametrize(("accept", "language"), [
    ("de-DE,de;q=0.9", ENGLISH),  # nothing we have: the default
    ("de-DE,sr-Latn;q=0.8,sr;q=0.5", LATIN),  # the first one we have, by preference
    ("fr, sr-ME;q=0.7", CYRILLIC),  # Serbian of another country: still Serbian
    ("", ENGLISH),
])
def test_the_first_language_we_have_wins(page_get, accept, language):
    response, sentences = page_get("map", accept_language=accept)

    assert response.status_code == 200
    assert sentences[language] in response.content.decode()


def test_the_vocabulary_is_translated_on_the_submit_page(client):
    html = client.get("/submit/", headers={"accept-language": "sr"}).content.decode()
    for label in ("читач регистарских таблица", "улична расвета", "полиција", "не знам"):
        assert f"<span>{label}</span>" in html
    html = client.get("/submit/", headers={"accept-language": "sr-Latn"}).content.decode()
    for label in ("čitač registarskih tablica", "ulična rasveta", "policija", "ne znam"):
        assert f"<span>{label}</span>" in html


def test_plural_forms_follow_serbian_grammar(client):
    """1 камера, 2–4 камере, 5+ (and 11–14) камера."""
    expected = {1: "1 камера:", 3: "3 камере:", 5: "5 камера:", 12: "12 камера:", 21: "21 камера:", 22: "22 камере:"}
    made = 0
    for count, sentence in expected.items():
        for _ in range(count - made):
            camera_make()
        made = count
        html = client.get("/", headers={"accept-language": "sr"}).content.decode()
        assert sentence in html, count
