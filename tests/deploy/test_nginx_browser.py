"""The map read through the cache in front, in real Chromium under the real Content-Security-Policy:
a second visitor's page and cameras come from nginx's cache, in their own language, and the
language switcher (which posts past the cache) still switches."""

import os
from pathlib import Path

import pytest

from tests.browser import in_thread
from tests.deploy.proxy import NGINX, Proxy
from tests.factories import camera_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(NGINX is None, reason="needs Debian's nginx (nginx-light; .ci/bootstrap.sh test)")]
PHONE_740 = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}
TITLES = {"en": "Surveillance cameras", "sr": "Надзорне камере", "sr-latn": "Nadzorne kamere"}


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where the screenshots go: $CAMERAMAP_SHOTS to look at them, else the test's own folder."""
    folder = Path(os.environ.get("CAMERAMAP_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def proxy(live_server, tmp_path):
    server = Proxy(tmp_path / "nginx", live_server.url.removeprefix("http://"))
    server.start()
    yield server
    server.stop()


def opened(new_page, proxy, size: dict, language: str):
    """A new visitor's map close up over the cameras; the cache status of each of its answers."""
    page = new_page(**size)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": proxy.url}])
    statuses = {}
    page.on("response", lambda response: statuses.setdefault(response.url.removeprefix(proxy.url).split("?")[0],
                                                              response.headers.get("x-cache-status")))
    page.goto(f"{proxy.url}/?z=16&lat=44.8176&lon=20.4573")
    page.locator(".cam-marker[data-camera-id]").nth(1).wait_for()
    return page, statuses


@pytest.mark.parametrize("size", [PHONE_740, LAPTOP], ids=["phone", "laptop"])
def test_a_second_visitor_gets_the_map_from_the_cache_in_their_language(new_page, proxy, size, shots):
    in_thread(lambda: [camera_make(lon=20.4573, lat=44.8176), camera_make(lon=20.4590, lat=44.8170)])
    for language, title in TITLES.items():
        first, seen = opened(new_page, proxy, size, language)
        assert seen["/"] == "MISS" and title in first.content()
        second, again = opened(new_page, proxy, size, language)
        assert again["/"] == "HIT" and again["/api/v1/cameras/"] == "HIT", again
        assert title in second.content()
        assert second.locator(".cam-marker[data-camera-id]").count() == 2
        assert [e for e in second.errors if "ERR_NAME_NOT_RESOLVED" not in e] == []
        second.screenshot(path=shots / f"nginx-map-{language}-{size['viewport']['width']}.png")


def test_the_language_switcher_switches_through_the_cache(new_page, proxy, shots):
    in_thread(lambda: [camera_make(lon=20.4573, lat=44.8176), camera_make(lon=20.4590, lat=44.8170)])
    page, _seen = opened(new_page, proxy, LAPTOP, "en")
    page.locator("#language-select").select_option("sr-latn")
    page.locator(".language-switcher button[type=submit]").click()
    page.wait_for_load_state("load")
    assert TITLES["sr-latn"] in page.content()
    page.locator(".cam-marker[data-camera-id]").nth(1).wait_for()
    page.screenshot(path=shots / f"nginx-switched-sr-latn-1280.png")
