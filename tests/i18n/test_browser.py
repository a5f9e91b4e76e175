"""In real Chromium: the map's script speaks the page's language (from /jsi18n/, under the real
Content-Security-Policy), and the switcher works with JavaScript turned off."""

import re

import pytest

from tests.web.test_map_browser import map_url, page_factory, three_cameras  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_map_script_messages_come_in_serbian_under_the_real_csp(live_server, page_factory):  # noqa: F811
    three_cameras()
    page = page_factory(locale="sr-RS", bypass_csp=False)
    console = []
    page.on("console", lambda message: console.append(message.text))

    page.goto(map_url(live_server))

    page.locator("#camera-list li").nth(2).wait_for()
    page.locator("#match-count[data-count='3']").wait_for()
    assert re.fullmatch(r"3 одговарајуће камере у приказу · 3 укупно", page.locator("#match-count").inner_text())
    assert page.locator("#camera-list button").first.inner_text() == "Прикажи на мапи"
    page.locator("#camera-list button").first.click()
    page.locator(".cam-popup dt").first.wait_for()
    assert page.locator(".cam-popup dt").first.inner_text() == "Оператер"
    assert page.locator(".cam-popup-link").inner_text() == "Отвори страну камере"
    assert page.errors == []
    assert not [text for text in console if "Content Security Policy" in text]


LEAFLET_LABELS = """() => {
  const zoomIn = document.querySelector('.leaflet-control-zoom-in');
  const zoomOut = document.querySelector('.leaflet-control-zoom-out');
  return {zoomIn: [zoomIn.title, zoomIn.getAttribute('aria-label')],
          zoomOut: [zoomOut.title, zoomOut.getAttribute('aria-label')],
          leaflet: document.querySelector('.leaflet-control-attribution a').title};
}"""


def test_leaflets_own_labels_speak_serbian_on_the_map_under_the_real_csp(live_server, page_factory):  # noqa: F811
    three_cameras()
    page = page_factory(locale="sr-RS", bypass_csp=False)
    console = []
    page.on("console", lambda message: console.append(message.text))

    page.goto(map_url(live_server))
    page.locator("#camera-list li").nth(2).wait_for()

    assert page.evaluate(LEAFLET_LABELS) == {"zoomIn": ["Увећај", "Увећај"], "zoomOut": ["Умањи", "Умањи"],
                                            "leaflet": "JavaScript библиотека за интерактивне мапе"}
    page.locator("#camera-list button").first.click()
    page.locator(".leaflet-popup-close-button").wait_for()
    assert page.locator(".leaflet-popup-close-button").get_attribute("aria-label") == "Затвори облачић"
    assert page.get_by_role("button", name="Увећај").count() == 1  # named so for a screen reader too
    assert page.errors == []
    assert not [text for text in console if "Content Security Policy" in text]


def test_leaflets_own_labels_speak_latin_on_the_capture_page(live_server, page_factory):  # noqa: F811
    page = page_factory(locale="sr-Latn-RS")
    page.goto(f"{live_server.url}/submit/")
    page.locator(".leaflet-control-zoom-in").wait_for()

    assert page.evaluate(LEAFLET_LABELS) == {"zoomIn": ["Uvećaj", "Uvećaj"], "zoomOut": ["Umanji", "Umanji"],
                                            "leaflet": "JavaScript biblioteka za interaktivne mape"}


def test_far_away_the_groups_and_the_list_speak_latin(live_server, page_factory):  # noqa: F811
    three_cameras()
    page = page_factory(locale="sr-Latn-RS")

    page.goto(map_url(live_server, zoom=11))

    page.locator(".cam-group").first.wait_for()
    assert page.locator("#list-status").inner_text() == "Uvećajte mapu da biste videli spisak kamera u prikazu."
    markers = page.locator(".leaflet-marker-icon[title]")
    titles = [markers.nth(i).get_attribute("title") for i in range(markers.count())]
    assert any(re.fullmatch(r"[234] kamere ovde, od toga [0-4] proverili volonteri; uvećajte", title) for title in titles), titles
    assert page.errors == []


def test_switcher_works_without_javascript_and_is_remembered(live_server, page_factory):  # noqa: F811
    page = page_factory(locale="en-GB", java_script_enabled=False)
    page.goto(f"{live_server.url}/data/")
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_label("Language").select_option("sr-latn")
    page.get_by_role("button", name="Change language").click()

    page.wait_for_url(f"{live_server.url}/data/")
    assert page.locator("html").get_attribute("lang") == "sr-latn"
    assert page.get_by_role("heading", name="Statistika po opštinama").count() == 1
    page.goto(f"{live_server.url}/submit/")  # remembered: the browser still asks for English
    assert page.locator("h1").inner_text() == "Dodaj kameru"
    page.get_by_label("Jezik").select_option("sr")
    page.get_by_role("button", name="Promeni jezik").click()
    page.wait_for_url(f"{live_server.url}/submit/")
    assert page.locator("h1").inner_text() == "Додај камеру"
