"""The language switcher: a plain form on every page (no script needed), posting to Django's
set_language without a CSRF token (so that pages stay cacheable by a proxy); the choice is kept
in the language cookie."""

import re

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import camera_make

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/submit/", "/cameras/{id}/", "/data/", "/moderate/"])
def test_every_page_has_the_switcher_with_every_language(client, moderator, url):
    camera = camera_make()
    client.force_login(moderator)
    response = client.get(url.format(id=camera.id), headers={"accept-language": "sr"})

    assert response.status_code == 200
    html = response.content.decode()
    form = re.search(r'<form class="language-switcher" action="/i18n/setlang/" method="post">(.*?)</form>', html, re.S)
    assert form, "no switcher"
    form = form.group(1)
    assert 'csrfmiddlewaretoken' not in form  # a token would make the page personal and uncacheable
    assert f'<input type="hidden" name="next" value="{url.format(id=camera.id)}">' in form
    options = re.findall(r'<option value="([^"]+)" lang="[^"]+"( selected)?>([^<]+)</option>', form)
    assert options == [("en", "", "English"), ("sr", " selected", "Српски (ћирилица)"), ("sr-latn", "", "Srpski (latinica)")]
    assert '<label for="language-select">Језик</label>' in form
    assert '<button type="submit">Промени језик</button>' in form


def test_switching_sets_the_cookie_and_the_next_page_follows_it():
    client = Client(enforce_csrf_checks=True)
    page = client.get("/data/", headers={"accept-language": "en"})
    assert not page.cookies  # no CSRF cookie for a page that everybody reads alike

    response = client.post("/i18n/setlang/", {"language": "sr-latn", "next": "/data/"},
                           headers={"accept-language": "en"})

    assert response.status_code == 302
    assert response["Location"] == "/data/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "sr-latn"
    # The cookie outweighs what the browser asks for, on every page after.
    for url, sentence in (("/data/", "Statistika po opštinama"), ("/", "Nadzorne kamere"), ("/submit/", "Dodaj kameru")):
        html = client.get(url, headers={"accept-language": "en"}).content.decode()
        assert sentence in html, url

    response = client.post("/i18n/setlang/", {"language": "sr", "next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sr"
    assert "Надзорне камере" in client.get("/").content.decode()


def test_switching_changes_nothing_but_the_language_cookie():
    """No CSRF token is asked for: a forged post can change a visitor's display language and
    nothing else (no session, no other cookie)."""
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "sr", "next": "/"})

    assert response.status_code == 302
    assert list(response.cookies) == [settings.LANGUAGE_COOKIE_NAME]


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x"])
def test_the_switcher_never_sends_anyone_to_another_site(client, next_url):
    response = client.post("/i18n/setlang/", {"language": "sr", "next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sr"


def test_an_unknown_language_changes_nothing(client):
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/"})

    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
