"""/route/ in real Chromium, under the real Content-Security-Policy, on a phone and on a laptop,
in the three languages: the start from the phone's location, the end at the map's centre after
moving the map with the keyboard, both routes drawn with their figures; the same point twice
refused in the page's language; a clear message without signal.

Screenshots go to $ROUTE_SCREENSHOTS when it is set (docs/testing.md)."""

import os
from pathlib import Path

import pytest

from tests.browser import PHONE, in_thread
from tests.exposure.conftest import lonlat
from tests.routes.conftest import dome_at, graph_build, network_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"viewport": {"width": 1280, "height": 800}}
TEXT = {  # what the page says, per language
    "en": {"heading": "Least-watched walk", "least": "Least-watched route", "same": "same place", "offline": "No connection"},
    "sr": {"heading": "Најмање надгледана шетња", "least": "Најмање надгледана рута", "same": "исто место",
           "offline": "Нема везе"},
    "sr-latn": {"heading": "Najmanje nadgledana šetnja", "least": "Najmanje nadgledana ruta", "same": "isto mesto",
                "offline": "Nema veze"},
}


@pytest.fixture
def walk():
    """The routes' test network with a city camera on the main street."""
    def build():
        network_build()
        camera = dome_at(100, 0, operator_type="city")
        graph_build()
        return camera.pk

    return in_thread(build)


@pytest.mark.parametrize("size", ["phone", "laptop"])
@pytest.mark.parametrize("language", ["en", "sr", "sr-latn"])
def test_route_page_draws_both_routes_with_their_figures(live_server, new_page, walk, language, size):
    lon, lat = lonlat(0, 0)
    options = PHONE | {"viewport": {"width": 360, "height": 740}} if size == "phone" else LAPTOP
    page = new_page(**options, geolocation={"latitude": lat, "longitude": lon, "accuracy": 5}, permissions=["geolocation"])
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(f"{live_server.url}/route/")
    words = TEXT[language]
    assert page.locator("h1").inner_text() == words["heading"]
    assert page.locator("nav a[aria-current=page]").get_attribute("href") == "/route/"

    page.locator("#route-locate").click()  # the start at the phone's position: A, at zoom 16
    page.locator("#route-start").filter(has_text=f"{lat:.5f}").wait_for()
    page.wait_for_timeout(500)  # the map's move to it
    page.locator("#route-end-centre").click()  # the map is centred on the start: the same point
    page.get_by_test_id("route-go").click()
    page.get_by_test_id("route-status").filter(has_text=words["same"]).wait_for()

    page.locator("#route-map").focus()  # two arrow presses: 160 px east, about 270 m at zoom 16
    for _ in range(2):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(500)  # the pan's animation
    page.locator("#route-end-centre").focus()
    page.keyboard.press("Enter")
    page.get_by_test_id("route-go").focus()
    page.keyboard.press("Enter")
    results = page.get_by_test_id("route-results")
    results.locator("li[data-route=least_watched]").wait_for()
    shortest, least = results.locator("li[data-route=shortest]").inner_text(), results.locator("li[data-route=least_watched]").inner_text()
    assert words["least"] in least
    assert "200" in shortest and "40" in shortest and "20" in shortest  # 200 m, 40 m in view (20 %)
    assert "280" in least and "0 m" in least.replace("\u00a0", " ")
    assert page.locator("path.route-line-shortest").count() == 1 and page.locator("path.route-line-least_watched").count() == 1
    shots = os.environ.get("ROUTE_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{shots}/route-{language}-{size}.png", full_page=True)

    page.context.set_offline(True)
    page.get_by_test_id("route-go").click()
    page.get_by_test_id("route-offline").wait_for()
    page.get_by_test_id("route-status").filter(has_text=words["offline"]).wait_for()
    if shots:
        page.screenshot(path=f"{shots}/route-{language}-{size}-offline.png")
    assert page.errors == []
    assert not [m for m in page.console if "Content Security Policy" in m]
