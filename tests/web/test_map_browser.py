"""The map at / in real Chromium (Playwright), served by live_server; map tiles answered
locally, and /api/v1/areas/ (built elsewhere) answered with its documented contract."""

import json
import re

import pytest

from tests.factories import camera_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CENTER = (44.8176, 20.4573)  # lat, lon: Belgrade
AREAS = {
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature", "id": 1,
         "geometry": {"type": "MultiPolygon", "coordinates": [[[[20.40, 44.80], [20.457, 44.80], [20.457, 44.83],
                                                                 [20.40, 44.83], [20.40, 44.80]]]]},
         "properties": {"id": 1, "name": "Stari grad", "population": 44737, "area_km2": 5.4, "cameras": 3,
                        "per_km2": 0.56, "per_1000": 0.07}},
        {"type": "Feature", "id": 2,
         "geometry": {"type": "MultiPolygon", "coordinates": [[[[20.457, 44.80], [20.52, 44.80], [20.52, 44.83],
                                                                 [20.457, 44.83], [20.457, 44.80]]]]},
         "properties": {"id": 2, "name": "Palilula", "population": None, "area_km2": 446.0, "cameras": 1,
                        "per_km2": 0.002, "per_1000": None}},
    ],
}


@pytest.fixture
def page_factory(new_page):
    """page_factory(**context_options) → a page with the map tiles and /api/v1/areas/ answered."""

    def make(**options):
        # Playwright's wait_for_function evaluates strings in the page, which our CSP forbids;
        # tests/web/test_csp_browser.py loads every page under the real policy instead.
        options.setdefault("bypass_csp", True)
        page = new_page(**options)
        page.route(re.compile(r".*/api/v1/areas/(\?.*)?$"),
                   lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(AREAS)))
        return page

    return make


def map_url(live_server, zoom=16, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{live_server.url}/?z={zoom}&lat={CENTER[0]}&lon={CENTER[1]}" + (f"&{query}" if query else "")


def three_cameras():
    return [
        camera_make(lon=20.4573, lat=44.8176, operator="Ministry of Interior", operator_type="police",
                    camera_type="dome", directions=[]),
        camera_make(lon=20.4590, lat=44.8170, operator="City of Belgrade", operator_type="city", directions=[45, 200],
                    camera_type="fixed", facial_recognition="suspected"),
        camera_make(lon=20.4560, lat=44.8182, operator="Shop", operator_type="private", surveillance_type="ALPR"),
    ]


def test_map_loads_the_cameras_in_view_from_the_api_and_lists_them(live_server, page_factory):
    cameras = three_cameras()
    camera_make(lon=19.83, lat=45.25, operator="Novi Sad")  # far outside the view
    page = page_factory()

    page.goto(map_url(live_server))

    page.wait_for_function("document.querySelectorAll('.cam-marker[data-camera-id]').length === 3")
    shown = sorted(int(e.get_attribute("data-camera-id")) for e in page.query_selector_all(".cam-marker[data-camera-id]"))
    assert shown == sorted(c.id for c in cameras)
    page.wait_for_function("document.querySelector('#match-count').dataset.count === '3'")
    assert page.locator("#match-count").get_attribute("data-total") == "4"
    assert page.locator("#camera-list li").count() == 3
    assert page.locator("#camera-list a").first.get_attribute("href").startswith("/cameras/")
    assert page.errors == []


def test_a_filter_changes_the_count_and_the_markers_and_lands_in_the_url(live_server, page_factory):
    police, _city, _shop = three_cameras()
    page = page_factory()
    page.goto(map_url(live_server))
    page.wait_for_function("document.querySelector('#match-count').dataset.count === '3'")

    page.get_by_label("police").check()

    page.wait_for_function("document.querySelector('#match-count').dataset.count === '1'")
    page.wait_for_function("document.querySelectorAll('.cam-marker[data-camera-id]').length === 1")
    assert page.locator(".cam-marker[data-camera-id]").get_attribute("data-camera-id") == str(police.id)
    assert "operator_type=police" in page.url

    # The address is a permalink: opening it again restores the filter and the view.
    again = page_factory()
    again.goto(page.url)
    again.wait_for_function("document.querySelector('#match-count').dataset.count === '1'")
    assert again.get_by_label("police").is_checked()
    assert page.errors == [] and again.errors == []


def popup_opened(live_server, page_factory, camera):
    """The map close up around the cameras, with ``camera``'s marker clicked: (page, its popup)."""
    page = page_factory()
    page.goto(map_url(live_server, zoom=17))
    marker = page.locator(f'.cam-marker[data-camera-id="{camera.id}"]')
    marker.wait_for()
    marker.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    return page, popup


def test_clicking_a_marker_opens_the_popup_of_that_camera(live_server, page_factory):
    _police, city, _shop = three_cameras()
    page, popup = popup_opened(live_server, page_factory, city)
    assert "City of Belgrade" in popup.inner_text()
    assert "suspected" in popup.inner_text()
    assert popup.locator("a").get_attribute("href") == f"/cameras/{city.id}/"
    # Close up, the field of view is drawn: two wedges for the city camera, a circle for the dome.
    assert page.locator("path.cam-cone").count() == 3


def test_far_away_the_map_shows_groups_from_the_vector_tiles(live_server, page_factory):
    three_cameras()
    page = page_factory()
    with page.expect_response(re.compile(r"/api/v1/tiles/11/\d+/\d+\.mvt")) as tile:
        page.goto(map_url(live_server, zoom=11))
    assert tile.value.status == 200

    group = page.locator(".cam-group").first
    group.wait_for()
    # Grouped on the tile's grid: every camera is in a group (or alone, with its own icon).
    grouped = sum(int(text) for text in page.locator(".cam-group").all_inner_texts())
    assert grouped + page.locator(".cam-marker[data-camera-id]").count() == 3 and grouped >= 2
    assert "Zoom in" in page.locator("#list-status").inner_text()

    group.click()
    page.wait_for_function("window.cameramapMap.getZoom() === 13")


def test_imported_cameras_are_hollow_and_the_verified_switch_keeps_only_verified_ones(live_server, page_factory):
    police, _city, _shop = three_cameras()
    imported = camera_make(lon=20.4575, lat=44.8178, source="osm", osm_type="node", osm_id=123,
                           operator_type="city", first_seen=None, last_confirmed=None)
    page = page_factory()
    page.goto(map_url(live_server, zoom=17))
    page.wait_for_function("document.querySelectorAll('.cam-marker[data-camera-id]').length === 4")

    assert page.locator(".cam-marker.cam-imported[data-camera-id]").count() == 1
    assert page.locator(".cam-marker.cam-imported[data-camera-id]").get_attribute("data-camera-id") == str(imported.id)
    hollow = page.locator(".cam-marker.cam-imported[data-camera-id]").evaluate("e => getComputedStyle(e).backgroundColor")
    filled = page.locator(f'.cam-marker[data-camera-id="{police.id}"]').evaluate("e => getComputedStyle(e).backgroundColor")
    assert hollow == "rgb(255, 255, 255)" and filled != hollow
    assert "imported, not yet seen by our volunteers" in page.locator(f"#camera-item-{imported.id}").inner_text()
    assert page.locator(".legend .cam-imported").count() == 1  # the legend shows the hollow mark

    page.locator(f'.cam-marker[data-camera-id="{imported.id}"]').click()
    assert "imported, not yet seen by our volunteers" in page.locator(".leaflet-popup-content").inner_text()
    page.keyboard.press("Escape")

    page.get_by_label("Only cameras verified by volunteers").check()
    page.wait_for_function("document.querySelector('#match-count').dataset.count === '3'")
    page.wait_for_function("document.querySelectorAll('.cam-marker[data-camera-id]').length === 3")
    assert page.locator(".cam-marker.cam-imported[data-camera-id]").count() == 0
    assert "verified=true" in page.url
    assert page.errors == []


def test_far_away_a_group_of_imported_cameras_only_is_hollow(live_server, page_factory):
    for i in range(3):
        camera_make(lon=20.4573 + i * 0.0005, lat=44.8176, source="osm", first_seen=None, last_confirmed=None)
    for i in range(2):
        camera_make(lon=19.8335 + i * 0.0005, lat=45.2671)  # Novi Sad: verified
    page = page_factory()
    page.goto(f"{live_server.url}/?z=8&lat=45.0&lon=20.1")

    page.locator(".cam-group").nth(1).wait_for()
    assert page.locator(".cam-group.cam-group-imported").count() == 1
    assert page.locator(".cam-group.cam-group-imported").inner_text() == "3"
    title = page.locator(".cam-group.cam-group-imported").get_attribute("title")
    assert title == "3 cameras here, 0 of them verified by volunteers; zoom in"
    assert page.errors == []


def test_density_layer_draws_the_districts_with_a_legend(live_server, page_factory):
    three_cameras()
    page = page_factory()
    page.goto(map_url(live_server, zoom=13))

    page.get_by_label("Density by district").check()

    page.wait_for_function("document.querySelectorAll('path.area').length === 2")
    assert page.locator("path.area-nodata").count() == 0  # both have a per_km2
    legend = page.locator("#density-legend")
    assert legend.is_visible() and "per km²" in legend.inner_text()
    assert len(legend_classes(page)) == 2  # two districts, two densities: two classes
    page.select_option("#density-metric", "per_1000")
    page.wait_for_function("document.querySelectorAll('path.area-nodata').length === 1")  # Palilula: no population
    assert "density=1" in page.url and "metric=per_1000" in page.url
    # One district has a figure: one class, its value, not five classes of "x – x".
    [only] = legend_classes(page)
    assert "–" not in only and only.strip()


def legend_classes(page) -> list[str]:
    """The density legend's classes (without "no data"), each as it reads; none twice, none "x – x"."""
    items = page.locator("#density-legend li").all_inner_texts()[:-1]
    assert len(items) == len(set(items))
    for item in items:
        lower, _dash, upper = item.partition(" – ")
        assert not upper or lower.strip() != upper.strip(), item
    return items


def test_text_from_volunteers_shows_as_text_and_runs_nothing(live_server, page_factory):
    evil = camera_make(lon=20.4573, lat=44.8176, operator='<script>window.pwned=1</script>',
                       model='<img src=x onerror="window.pwned=2">', manufacturer="<b>bold</b>")
    page, popup = popup_opened(live_server, page_factory, evil)

    assert "<script>window.pwned=1</script>" in popup.inner_text()
    assert "<script>window.pwned=1</script>" in page.locator("#camera-list").inner_text()
    assert page.locator(".leaflet-popup-content script, #camera-list script, img[src='x']").count() == 0

    page.goto(f"{live_server.url}/cameras/{evil.id}/")
    assert page.get_by_test_id("operator").inner_text() == "<script>window.pwned=1</script>"
    assert '<img src=x onerror="window.pwned=2">' in page.locator(".facts").inner_text()
    assert page.locator("main b, main img[src='x']").count() == 0
    assert page.evaluate("window.pwned") is None
    assert page.errors == []


def test_on_a_phone_switching_density_on_opens_the_legend_with_its_classes_first(live_server, page_factory):
    three_cameras()
    page = page_factory(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page.goto(map_url(live_server, zoom=13))
    assert page.locator("details.legend[open]").count() == 0  # closed on a phone
    page.locator("details.phone-closed summary").first.click()  # the filters, where the layers are
    page.get_by_label("Density by district").check()
    page.wait_for_function("document.querySelectorAll('path.area').length === 2")
    assert page.locator("details.legend[open]").count() == 1
    first = page.locator("details.legend > :not(summary)").first
    assert first.get_attribute("id") == "density-legend" and first.is_visible()
    assert page.errors == []


def test_map_works_on_a_phone(live_server, page_factory):
    three_cameras()
    page = page_factory(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2)

    page.goto(map_url(live_server))

    page.wait_for_function("document.querySelectorAll('.cam-marker[data-camera-id]').length === 3")
    box = page.locator("#map").bounding_box()
    assert box["width"] == pytest.approx(390, abs=2) and box["height"] > 400
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("details.phone-closed summary").first.click()  # the filters start closed on a phone
    page.get_by_label("private").check()
    page.wait_for_function("document.querySelector('#match-count').dataset.count === '1'")
    assert page.locator("#locate").is_visible()
    assert page.errors == []


def test_on_a_phone_add_a_camera_floats_over_the_map_and_the_list_is_not_behind_the_filters(live_server, page_factory):
    three_cameras()
    page = page_factory(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page.goto(map_url(live_server))
    page.wait_for_function("document.querySelectorAll('#camera-list li').length === 3")

    add, the_map = page.get_by_test_id("add-camera"), page.locator("#map").bounding_box()
    box = add.bounding_box()
    assert add.is_visible() and add.get_attribute("href") == "/submit/"
    assert the_map["y"] <= box["y"] and box["y"] + box["height"] <= the_map["y"] + the_map["height"]  # over the map
    assert box["y"] + box["height"] <= 740  # on the first screen
    # The filters and the legend start closed: the cameras in view are about a screen below the map.
    assert page.locator("details.phone-closed[open]").count() == 0
    assert page.locator("#list-heading").bounding_box()["y"] < the_map["y"] + the_map["height"] + 740
    page.locator("details.phone-closed summary").first.click()
    assert page.get_by_label("Only cameras verified by volunteers").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.errors == []


def test_on_a_phone_the_filters_stay_open_when_the_address_sets_one(live_server, page_factory):
    three_cameras()
    page = page_factory(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page.goto(map_url(live_server, operator_type="police"))
    page.wait_for_function("document.querySelector('#match-count').dataset.count === '1'")

    assert page.get_by_label("police").is_visible() and page.get_by_label("police").is_checked()
    assert page.locator("details.legend[open]").count() == 0


def test_density_values_that_read_the_same_make_one_class(live_server, page_factory):
    """0.2712 and 0.2738 both read "0.27": one class, never "0.27 – 0.27"."""
    import json

    def district(i: int, per_km2: float) -> dict:
        lon, lat = 20.40 + i * 0.02, 44.80
        ring = [[lon, lat], [lon + 0.015, lat], [lon + 0.015, lat + 0.015], [lon, lat + 0.015], [lon, lat]]
        return {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": {"name": f"District {i}", "cameras": 3, "per_km2": per_km2, "per_1000": None,
                               "population": None}}

    areas = {"type": "FeatureCollection",
             "features": [district(i, value) for i, value in enumerate([0.2712, 0.2738, 0.5, 0.9, 1.2])]}
    page = page_factory()
    page.route("**/api/v1/areas/**", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(areas)))
    page.goto(map_url(live_server, zoom=12))
    page.get_by_label("Density by district").check()
    page.wait_for_function("document.querySelectorAll('path.area').length === 5")

    classes = legend_classes(page)
    assert classes[0].startswith("0.27") and all(item.count("0.27") <= 1 for item in classes)
    assert page.errors == []
