"""MAP_TILES=pmtiles in real Chromium, under the site's real Content-Security-Policy: the map and
the embed draw the cameras of the latest release's cameras.pmtiles (read by range requests with
the vendored PMTiles reader) while the live tile endpoint and the camera list are blocked; with
a filter the map goes back to live tiles and says so."""

import re

import pytest
from playwright.sync_api import expect

from cameramap.datasets.releases import release_build, release_start
from tests.browser import in_thread
from tests.factories import camera_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CENTER = (44.8176, 20.4573)  # lat, lon: Belgrade
LIVE_TILES = re.compile(r"/api/v1/tiles/(?!streets/)")  # the cameras' (the streets layer is not in the file)
LIVE_LIST = re.compile(r"/api/v1/cameras/\?")
FILE = re.compile(r"/api/v1/datasets/[\d.]+/cameras\.pmtiles$")


@pytest.fixture(autouse=True)
def _patient_expect():
    """The machine running the suite may be busy: the page gets longer than Playwright's 5 s to draw."""
    expect.set_options(timeout=20_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture
def release(settings):
    """Three cameras close together in Belgrade's centre, a fourth a few km away, and a release
    built from them; the map set to read the release's file."""
    settings.MAP_TILES = "pmtiles"

    def make():
        cameras = [
            camera_make(lon=20.4573, lat=44.8176, operator="Ministry of Interior", operator_type="police",
                        camera_type="dome", directions=[]),
            camera_make(lon=20.4590, lat=44.8170, operator="City of Belgrade", operator_type="city",
                        directions=[45, 200], camera_type="fixed", facial_recognition="suspected"),
            camera_make(lon=20.4560, lat=44.8182, operator="Shop", operator_type="private", surveillance_type="ALPR",
                        source="osm"),
            camera_make(lon=20.4900, lat=44.7900, operator="Far", operator_type="city"),
        ]
        return release_build(release_start().id), cameras

    built, cameras = in_thread(make)
    assert "cameras.pmtiles" in built.files
    return {"release": built, "cameras": cameras}


@pytest.fixture
def watched_page(new_page):
    """A page whose live tile and camera-list requests are blocked (aborted) and counted, and
    whose range requests for the file are counted too."""
    page = new_page()
    page.blocked, page.file_ranges = [], []
    page.route(LIVE_TILES, lambda route: (page.blocked.append(route.request.url), route.abort()))
    page.route(LIVE_LIST, lambda route: (page.blocked.append(route.request.url), route.abort()))
    page.on("request", lambda request: page.file_ranges.append(request.headers.get("range"))
            if FILE.search(request.url) else None)
    return page


def url(live_server, path="/", zoom=16, **params) -> str:
    query = "".join(f"&{k}={v}" for k, v in params.items())
    return f"{live_server.url}{path}?z={zoom}&lat={CENTER[0]}&lon={CENTER[1]}{query}"


def test_map_close_up_draws_and_lists_the_cameras_of_the_file_with_live_tiles_blocked(live_server, release,
                                                                                      watched_page):
    page = watched_page
    page.goto(url(live_server, zoom=16))

    markers = page.locator(".cam-marker[data-camera-id]")
    expect(markers).to_have_count(3)
    shown = sorted(int(m.get_attribute("data-camera-id")) for m in markers.all())
    assert shown == sorted(c.id for c in release["cameras"][:3])
    expect(page.locator("#map")).to_have_attribute("data-tiles", "file")
    expect(page.locator("#camera-list li")).to_have_count(3)
    items = page.locator("#camera-list li").all_inner_texts()
    assert not any("unknown" in item for item in items)  # the file has no operator's name: none shown
    assert any("imported" in item for item in items)  # the OSM camera, hollow and said in words
    expect(page.locator("#map-source-now")).to_have_text("Now: from the release file.")
    expect(page.get_by_test_id("map-source")).to_contain_text(release["release"].version)
    assert page.blocked == []
    assert page.file_ranges and all(r and r.startswith("bytes=") for r in page.file_ranges)
    assert page.errors == []


def test_map_far_away_draws_the_groups_of_the_file(live_server, release, watched_page):
    page = watched_page
    page.goto(url(live_server, zoom=13))

    expect(page.locator("#map")).to_have_attribute("data-drawn-zoom", "13")
    groups = page.locator(".cam-group")
    expect(groups.first).to_be_visible()
    singles = page.locator(".cam-marker[data-camera-id]").count()
    # Every camera of the release is drawn once: in a group's count or as a marker of its own.
    assert sum(int(text) for text in groups.all_inner_texts()) + singles == 4
    expect(page.locator("#map")).to_have_attribute("data-drawn-zoom", "13")
    assert page.blocked == []
    assert page.errors == []


def test_the_embed_draws_the_cameras_of_the_file(live_server, release, watched_page):
    page = watched_page
    page.goto(url(live_server, path="/embed/", zoom=17))

    expect(page.locator(".cam-marker[data-camera-id]")).to_have_count(3)
    expect(page.locator(".cam-cone").first).to_be_attached()  # wedges from the file's directions
    assert page.blocked == []
    assert page.errors == []


def test_a_filter_draws_live_tiles_and_the_page_says_so(live_server, release, new_page):
    page = new_page()
    tiles = []
    page.on("request", lambda request: tiles.append(request.url) if LIVE_TILES.search(request.url) else None)
    page.goto(url(live_server, zoom=13, operator_type="police"))

    expect(page.locator(".cam-marker[data-camera-id]")).to_have_count(1)
    expect(page.locator("#map")).to_have_attribute("data-tiles", "live")
    expect(page.locator("#map-source-now")).to_have_text("Now: live from the server, for the filters chosen.")
    assert tiles and all("operator_type=police" in t for t in tiles)
    assert page.errors == []


def test_without_the_setting_the_map_draws_live_tiles(live_server, release, settings, new_page):
    settings.MAP_TILES = "live"
    page = new_page()
    tiles = []
    page.on("request", lambda request: tiles.append(request.url) if LIVE_TILES.search(request.url) else None)
    page.goto(url(live_server, zoom=13))

    expect(page.locator("#map")).to_have_attribute("data-drawn-zoom", "13")
    expect(page.locator(".cam-group").first).to_be_visible()
    expect(page.get_by_test_id("map-source")).to_have_count(0)
    assert tiles
    assert page.errors == []


def test_a_file_that_cannot_be_read_leaves_the_map_live(live_server, release, new_page):
    page = new_page()
    page.route(FILE, lambda route: route.fulfill(status=404, body="gone"))
    tiles = []
    page.on("request", lambda request: tiles.append(request.url) if LIVE_TILES.search(request.url) else None)
    page.goto(url(live_server, zoom=13))

    expect(page.locator("#map")).to_have_attribute("data-tiles", "live")
    expect(page.locator(".cam-group").first).to_be_visible()
    assert tiles
    assert page.errors == []
