"""The map as of a day draws each camera's field of view of that day: a camera turned since
shows the way it faced then, in real Chromium under the site's Content-Security-Policy."""

import os
import re
from pathlib import Path

import pytest

from cameramap.exposure.services import fov_update
from cameramap.moderation.accounts import moderator_ensure
from cameramap.moderation.services import report_approve
from cameramap.timeline.services import camera_states_rebuild
from tests.browser import in_thread
from tests.exposure.conftest import lonlat
from tests.factories import report_make

from .test_as_of_fields_of_view import MARCH, OCTOBER, X, Y, on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SHOTS_DIR")  # where to keep screenshots for a look, when set


@pytest.fixture
def turned():
    """A camera facing east from March, turned west by a correction in October."""
    def make():
        moderator, _password = moderator_ensure(username="mod", password="mod-password-1")
        with on(MARCH):
            camera = report_approve(report=report_make(lon=X, lat=Y, directions=[90], camera_type="fixed"),
                                    moderator=moderator)
        with on(OCTOBER):
            report_approve(report=report_make(kind="correct", camera=camera, lon=X, lat=Y, directions=[270]),
                           moderator=moderator)
        camera_states_rebuild()
        fov_update()
        return camera

    return in_thread(make)


def view_side(page, url: str) -> float:
    """Where the drawn field of view lies from the camera's marker: its centre's x minus the
    marker's, in pixels (positive: east)."""
    with page.expect_response(re.compile(r"/api/v1/fields-of-view/\?")) as answer:
        page.goto(url)
    assert answer.value.status == 200
    page.locator("path.cam-fov").wait_for()
    assert page.locator("path.cam-fov").count() == 1
    view, marker = page.locator("path.cam-fov").bounding_box(), page.locator(".cam-marker[data-camera-id]").bounding_box()
    return (view["x"] + view["width"] / 2) - (marker["x"] + marker["width"] / 2)


@pytest.mark.parametrize("size", [(360, 740), (1280, 800)])
@pytest.mark.parametrize("language", ["en", "sr", "sr-latn"])
def test_the_map_as_of_a_day_draws_the_view_the_camera_had_then(live_server, new_page, turned, size, language):
    page = new_page(viewport={"width": size[0], "height": size[1]})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    lon, lat = lonlat(0, 0)
    address = f"{live_server.url}/?z=19&lat={lat:.6f}&lon={lon:.6f}"

    then = view_side(page, f"{address}&as_of=2026-03-05")
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"as-of-{language}-{size[0]}.png"))
    today = view_side(page, address)
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"today-{language}-{size[0]}.png"))

    assert then > 20 and today < -20  # east in March, west today
    assert page.errors == []
