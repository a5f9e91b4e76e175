"""At street zoom the map draws the server's field of view (cut by a building) and falls back to
the browser's wedge for a camera the server has none for."""

import re

import pytest

from cameramap.exposure.services import fov_update
from tests.factories import camera_make

from .conftest import building_m, lonlat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_map_draws_the_servers_fields_of_view_and_wedges_for_the_rest(live_server, new_page, grid):
    building_m(1, 8, -20, 12, 20)  # a wall across the fixed camera's whole view, 8 m out
    seen = camera_make(**dict(zip(("lon", "lat"), lonlat(0, 0))), camera_type="fixed", directions=[90])
    fov_update()
    unseen = camera_make(**dict(zip(("lon", "lat"), lonlat(-40, 0))), camera_type="fixed", directions=[270])
    page = new_page(bypass_csp=True)
    page.route(re.compile(r".*/api/v1/areas/(\?.*)?$"), lambda route: route.fulfill(json={"type": "FeatureCollection", "features": []}))
    lon, lat = lonlat(-20, 0)
    with page.expect_response(re.compile(r"/api/v1/fields-of-view/\?")) as answer:
        page.goto(f"{live_server.url}/?z=19&lat={lat:.6f}&lon={lon:.6f}")
    assert [f["id"] for f in answer.value.json()["features"]] == [seen.id]
    page.locator(f'.cam-marker[data-camera-id="{unseen.id}"]').wait_for()
    page.locator("path.cam-fov").wait_for()
    assert page.locator("path.cam-fov").count() == 1  # the server's polygon for the camera it knows
    assert page.locator("path.cam-cone:not(.cam-fov)").count() == 1  # the wedge for the other one
    # The building stops the view 8 m out: the drawn polygon is far shorter than a 30 m wedge.
    fov_box = page.locator("path.cam-fov").bounding_box()
    wedge_box = page.locator("path.cam-cone:not(.cam-fov)").bounding_box()
    assert fov_box["width"] < wedge_box["width"] / 2
