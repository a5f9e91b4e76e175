"""An official list on the map and in the embed, in real Chromium under the site's real
Content-Security-Policy: its entries drawn by status, a ring around each camera in view that it
does not declare, its figures in the panel, and the list kept in the permalink (?official=ID)."""

from datetime import date

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon

from cameramap.official.models import OfficialEntry, OfficialList
from cameramap.official.services import list_match
from tests.browser import PHONE
from tests.factories import camera_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAT, LON = 44.8176, 20.4573
M = 1 / 111_320
VIEW = f"z=17&lat={LAT}&lon={LON}"


@pytest.fixture
def official_list(db):
    """Three cameras; a list declaring one exactly where it is (found), one 20 m from another
    (probably found) and one where nothing is (not found yet); the third camera is not declared."""
    found = camera_make(lon=LON, lat=LAT)
    near = camera_make(lon=LON + 0.0015, lat=LAT)
    camera_make(lon=LON - 0.0015, lat=LAT + 0.0005)  # not on the list
    area = Polygon.from_bbox((LON - 0.01, LAT - 0.01, LON + 0.01, LAT + 0.01))
    area.srid = 4326
    listed = OfficialList.objects.create(name="MUP 2021", publisher="Ministry", published=date(2021, 3, 20), file_name="l.csv",
                                         file_sha256="b" * 64, coverage=MultiPolygon(area, srid=4326))
    places = [(found.location.x, found.location.y), (near.location.x, near.location.y + 20 * M), (LON, LAT - 0.0012)]
    for row, (lon, lat) in enumerate(places, start=2):
        OfficialEntry.objects.create(official_list=listed, row=row, ref=f"K{row}", location=f"SRID=4326;POINT({lon} {lat})",
                                     located_by="coordinates", precision_m=0)
    list_match(listed)
    return listed


def _statuses(page) -> list[str]:
    return sorted(e.get_attribute("class").split("official-")[-1] for e in page.query_selector_all("#map .official-entry"))


def test_the_map_draws_a_lists_entries_by_status_and_rings_the_cameras_it_does_not_declare(live_server, new_page, official_list):
    page = new_page()  # the real policy
    page.goto(f"{live_server.url}/?{VIEW}&official={official_list.pk}")
    page.locator("#map .official-entry.official-not_found").wait_for()
    page.locator("#map .official-undeclared").first.wait_for()
    assert _statuses(page) == ["matched", "not_found", "probable"]
    assert page.locator("#map .official-undeclared").count() == 1
    assert page.locator("#official-list").input_value() == str(official_list.pk)
    figures = page.get_by_test_id("official-figures")
    figures.locator("text=3 declared").wait_for()
    assert "1 found" in figures.inner_text() and "1 camera on the street not on the list" in figures.inner_text()
    assert f"official={official_list.pk}" in page.url
    assert page.locator("#official-key").is_visible()

    page.locator("#official-list").select_option("")  # none: the layer goes, and the address forgets it
    page.wait_for_url(lambda url: "official=" not in url)
    assert page.locator("#map .official-entry").count() == 0 and page.locator("#map .official-undeclared").count() == 0
    assert not page.locator("#official-key").is_visible()

    page.locator("#official-list").select_option(str(official_list.pk))
    page.wait_for_url(lambda url: f"official={official_list.pk}" in url)
    page.locator("#map .official-entry.official-matched").wait_for()
    assert page.locator("#embed-preview").get_attribute("href").endswith(f"official={official_list.pk}")
    assert page.errors == [] and not [m for m in page.console if "Content Security Policy" in m]


def test_far_away_the_entries_show_without_the_rings(live_server, new_page, official_list):
    page = new_page()
    page.goto(f"{live_server.url}/?z=13&lat={LAT}&lon={LON}&official={official_list.pk}")
    page.locator("#map .official-entry.official-probable").wait_for()
    assert _statuses(page) == ["matched", "not_found", "probable"]
    assert page.locator("#map .official-undeclared").count() == 0


def test_the_embed_keeps_the_list_from_its_address_and_shows_the_key(live_server, new_page, official_list):
    page = new_page(**PHONE)
    page.goto(f"{live_server.url}/embed/?{VIEW}&official={official_list.pk}")
    page.locator("#map .official-entry.official-matched").wait_for()
    assert page.locator("#official-key").is_visible() and not page.locator("#official-list").is_visible()
    assert page.get_by_test_id("full-map").get_attribute("href").endswith(f"official={official_list.pk}")
    assert page.errors == []


def test_without_a_list_the_control_stays_out_of_the_way(live_server, new_page):
    camera_make(lon=LON, lat=LAT)
    page = new_page()
    page.goto(f"{live_server.url}/?{VIEW}")
    page.locator(".cam-marker[data-camera-id]").first.wait_for()
    assert not page.locator("#official-box").is_visible()
    assert page.errors == []
