"""The map's timeline in real Chromium, under the site's Content-Security-Policy: the map as of a
day from the address, the day chosen, "Play" month by month, "Today", and the same in the embed;
on a phone and a laptop in the three languages."""

import os
from datetime import date, datetime, time
from pathlib import Path

import pytest
from django.utils import timezone

from cameramap.cameras.models import Camera
from cameramap.timeline.services import camera_states_rebuild
from tests.browser import in_thread
from tests.factories import camera_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEW = "z=17&lat=44.8176&lon=20.4573"
# Three cameras that came in on known days (imported, so the day they came in is their first).
ARRIVALS = (date(2026, 1, 15), date(2026, 3, 15), date(2026, 5, 15))


@pytest.fixture
def arrivals():
    def make():
        cameras = []
        for number, day in enumerate(ARRIVALS):
            camera = camera_make(lon=20.4573 + number * 0.0006, lat=44.8176, source="osm", operator_type="police")
            Camera.objects.filter(pk=camera.pk).update(imported_at=timezone.make_aware(datetime.combine(day, time(12))))
            cameras.append(camera)
        camera_states_rebuild()
        return cameras

    return in_thread(make)


def markers(page) -> int:
    return page.locator(".cam-marker[data-camera-id]").count()


def wait_markers(page, count: int) -> None:
    """The count above the list and the markers come from different requests: wait for the markers."""
    page.wait_for_function(f"() => document.querySelectorAll('.cam-marker[data-camera-id]').length === {count}")


def test_the_map_as_of_a_day_from_the_address_and_back_to_today(live_server, new_page, arrivals):
    page = new_page()
    page.goto(f"{live_server.url}/?{VIEW}&as_of=2026-02-01")
    page.locator("#match-count[data-count='1']").wait_for()
    wait_markers(page, 1)
    assert page.locator(f'.cam-marker[data-camera-id="{arrivals[0].id}"]').count() == 1
    assert page.locator("#timeline-day").input_value() == "2026-02-01"
    assert "February 1, 2026" in page.locator(".timeline-status").text_content()
    # The headline counts the cameras of the day shown, and follows the day.
    assert page.locator("#map-summary").text_content() == (
        "As of Feb. 1, 2026: 1 camera: 0 verified by volunteers, 1 imported from OpenStreetMap")

    page.locator("#timeline-day").fill("2026-04-01")
    page.locator("#match-count[data-count='2']").wait_for()
    page.wait_for_url("**as_of=2026-04-01**")  # the permalink carries the day
    page.wait_for_function("() => document.getElementById('map-summary').textContent.startsWith("
                           "'As of April 1, 2026: 2 cameras:')")

    page.get_by_role("button", name="Today").click()
    page.locator("#match-count[data-count='3']").wait_for()
    page.wait_for_function("() => !location.search.includes('as_of')")
    assert page.locator(".timeline-status").text_content() == "Cameras as of today"
    page.wait_for_function("() => document.getElementById('map-summary').textContent.startsWith('3 cameras:')")
    assert page.errors == []


def test_play_steps_month_by_month_from_the_first_record(live_server, new_page, arrivals):
    page = new_page()
    page.goto(f"{live_server.url}/?{VIEW}")
    page.locator("#match-count[data-count='3']").wait_for()
    play = page.locator(".timeline-play")
    play.click()
    assert play.get_attribute("aria-pressed") == "true" and play.text_content() == "Pause"
    page.wait_for_url("**as_of=2026-01-15**")
    page.locator("#match-count[data-count='1']").wait_for()
    page.wait_for_url("**as_of=2026-02-15**")
    page.wait_for_url("**as_of=2026-03-15**")
    page.locator("#match-count[data-count='2']").wait_for()
    play.click()  # pause: the day stays
    assert play.get_attribute("aria-pressed") == "false"
    wait_markers(page, 2)
    stopped = page.url
    page.wait_for_timeout(2000)  # longer than a step of Play (1.5 s): nothing may move in it
    assert page.url == stopped and markers(page) == 2
    assert page.errors == []


def test_the_embed_has_the_timeline_and_the_day_from_its_address(live_server, new_page, arrivals):
    page = new_page()
    page.goto(f"{live_server.url}/embed/?{VIEW}&as_of=2026-04-01")
    page.locator("#match-count[data-count='2']").wait_for()
    assert page.locator("#timeline-day").input_value() == "2026-04-01"
    assert "as_of=2026-04-01" in page.get_by_test_id("full-map").get_attribute("href")  # the full map opens on the same day
    if os.environ.get("SCREENSHOTS_DIR"):
        page.screenshot(path=f"{os.environ['SCREENSHOTS_DIR']}/timeline-embed.png")
    assert page.errors == []


@pytest.mark.parametrize("language, asof_label", [("en", "As of"), ("sr", "Стање на дан"), ("sr-latn", "Stanje na dan")])
@pytest.mark.parametrize("size", [(360, 740), (1280, 800)])
def test_the_timeline_fits_a_phone_and_a_laptop_in_every_language(live_server, new_page, arrivals, language, asof_label, size):
    page = new_page(viewport={"width": size[0], "height": size[1]})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(f"{live_server.url}/?{VIEW}&as_of=2026-04-01")
    page.locator("#match-count[data-count='2']").wait_for()
    box = page.locator(".timeline")
    assert box.locator(".timeline-label").text_content() == asof_label
    bounds = box.bounding_box()
    assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= size[0]
    for part in ("#timeline-day", ".timeline-play", ".timeline-today"):
        assert box.locator(part).is_visible()
    shots = os.environ.get("SCREENSHOTS_DIR")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{shots}/timeline-{language}-{size[0]}x{size[1]}.png")
    assert page.errors == []
