"""The streets-in-view layer on the map, in real Chromium under the page's real
Content-Security-Policy: close up, each street's part inside a camera's field of view is drawn
thick red and the rest thin blue, from the server's ``streets`` vector tiles; a checkbox (kept
in the address) turns the layer off; its legend is there in the three languages, on a phone
and on a laptop. With SHOTS_DIR set, each case leaves a screenshot there."""

import os
import re
from pathlib import Path

import pytest

from cameramap.exposure.services import exposure_update, fov_update
from tests.factories import camera_make

from .conftest import building_m, lonlat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 360, "height": 740}, "laptop": {"width": 1280, "height": 800}}
LEGEND = {
    "en": "in the modelled field of view of at least one camera",
    "sr": "у моделованом видном пољу бар једне камере",
    "sr-latn": "u modelovanom vidnom polju bar jedne kamere",
}


@pytest.fixture
def watched_streets(grid):
    """A fixed camera at the crossing looking east (30 m of street in view), a dome on the
    north-south street, a building that the dome's circle meets."""
    building_m(1, -12, 30, -4, 45)
    camera_make(**dict(zip(("lon", "lat"), lonlat(0, 0))), camera_type="fixed", directions=[90])
    camera_make(**dict(zip(("lon", "lat"), lonlat(0, 60))), camera_type="dome")
    fov_update()
    exposure_update()


@pytest.mark.parametrize("language", ["en", "sr", "sr-latn"])
@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_close_up_the_map_colours_the_streets_in_view(live_server, new_page, watched_streets, language, size):
    page = new_page(viewport=SIZES[size])
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    lon, lat = lonlat(0, 20)
    with page.expect_response(re.compile(r"/api/v1/tiles/streets/18/\d+/\d+\.mvt")) as tile:
        page.goto(f"{live_server.url}/?z=18&lat={lat:.6f}&lon={lon:.6f}")
    assert tile.value.status == 200
    page.locator("path.street-in-view").first.wait_for(state="attached")  # a vertical line has no width: "hidden"
    assert page.locator("path.street-in-view").count() >= 2  # east of the crossing, around the dome
    assert page.locator("path.street-out-of-view").count() >= 2
    legend = page.locator("#streets-legend")
    assert legend.is_visible() or size == "phone"  # on a phone the tools are a scroll away
    assert LEGEND[language] in legend.inner_text() if legend.is_visible() else legend.text_content()
    if os.environ.get("SHOTS_DIR"):
        page.screenshot(path=str(Path(os.environ["SHOTS_DIR"]) / f"streets-{size}-{language}.png"))
        if size == "phone":
            legend.scroll_into_view_if_needed()
            page.screenshot(path=str(Path(os.environ["SHOTS_DIR"]) / f"streets-{size}-{language}-legend.png"))
    assert not page.errors


def test_the_layer_turns_off_and_stays_off_in_the_address(live_server, new_page, watched_streets):
    page = new_page(viewport=SIZES["laptop"])
    lon, lat = lonlat(0, 20)
    page.goto(f"{live_server.url}/?z=18&lat={lat:.6f}&lon={lon:.6f}")
    page.locator("path.street-in-view").first.wait_for(state="attached")  # a vertical line has no width: "hidden"
    page.locator("#streets").uncheck()
    page.locator("path.street").first.wait_for(state="detached")
    assert "streets=0" in page.url
    assert page.locator("#streets-legend").is_hidden()
    page.reload()
    page.locator("#map[data-drawn-zoom], .cam-marker").first.wait_for()
    assert not page.locator("#streets").is_checked()
    assert page.locator("path.street").count() == 0


def test_far_away_the_layer_asks_to_zoom_in(live_server, new_page, watched_streets):
    page = new_page(viewport=SIZES["laptop"])
    lon, lat = lonlat(0, 0)
    page.goto(f"{live_server.url}/?z=12&lat={lat:.6f}&lon={lon:.6f}")
    status = page.locator("#streets-status")
    status.filter(has_text="Zoom in").wait_for()
    assert page.locator("path.street").count() == 0
