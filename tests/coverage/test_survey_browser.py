"""The survey mode of the capture page and the map's layer "where nobody has looked yet", in
real Chromium at phone size under the page's own Content-Security-Policy: streets tapped are
sent as street ids and a day through the outbox; without signal the survey waits on the phone and
is sent when the connection is back; once the server has it the phone forgets it; a 429 holds it
until the Retry-After."""

import time

import pytest

from cameramap.coverage.models import StreetLook
from tests.browser import PHONE, in_thread
from tests.web.test_offline_browser import READ_OUTBOX

from .conftest import days_ago, lonlat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def looks() -> list[tuple[int, str]]:
    return in_thread(lambda: sorted((look.way_id, look.day.isoformat()) for look in StreetLook.objects.all()))


def wait_until(predicate, timeout: float = 20, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"{what} not met within {timeout} s")


@pytest.fixture
def survey_page(new_page, live_server, grid):
    """The capture page's survey mode opened on the grid, its streets loaded."""
    page = new_page(**PHONE, service_workers="block")
    page.goto(live_server.url + "/submit/#survey")
    page.locator("#survey-map").wait_for()
    lon, lat = lonlat(0, 0)
    # (the answer for the grid's view, not the first view's)
    with page.expect_response(lambda r: "/api/v1/coverage/streets/?bbox=20.4" in r.url) as answer:
        page.evaluate(f"window.cameramapSurveyMap.setView([{lat}, {lon}], 18)")
    assert sorted(f["id"] for f in answer.value.json()["features"]) == [1, 2]  # the motorway is not offered
    page.locator("#survey-map path.leaflet-interactive").nth(1).wait_for(state="attached")
    return page


def mark_both(page):
    # (handles, not nth(): a street marked is brought to the front, which reorders the paths)
    for path in page.locator("#survey-map path.leaflet-interactive").element_handles():
        path.dispatch_event("click")
    assert page.locator("#survey-chosen li").count() == 2
    assert "2 streets" in page.locator("#survey-count").inner_text()


def test_streets_tapped_are_sent_as_ids_and_a_day_and_the_phone_keeps_nothing(survey_page):
    page = survey_page
    mark_both(page)
    page.locator("#survey-chosen li button").first.click()  # unmark one
    assert page.locator("#survey-chosen li").count() == 1
    page.click("#survey-centre")  # the keyboard's way: both streets cross in the middle, the nearer is marked again
    assert page.locator("#survey-chosen li").count() == 2
    with page.expect_request(lambda r: "/api/v1/coverage/surveys/" in r.url) as sent:
        page.click("#survey-send")
    body = sent.value.post_data
    assert 'name="day"' in body and f"{days_ago(0).isoformat()}" in body
    assert body.count('name="segments"') == 2
    page.get_by_text("Thank you: 2 streets sent.").wait_for()
    assert looks() == [(1, days_ago(0).isoformat()), (2, days_ago(0).isoformat())]
    assert page.evaluate(READ_OUTBOX) == []
    assert page.locator("#survey-chosen li").count() == 0


def test_without_signal_the_survey_waits_on_the_phone_and_goes_when_it_is_back(survey_page):
    page = survey_page
    mark_both(page)
    page.context.set_offline(True)
    page.click("#survey-send")
    page.locator("#survey-result", has_text="Kept on this phone").wait_for()
    kept = page.evaluate(READ_OUTBOX)
    assert [entry["state"] for entry in kept] == ["waiting"]
    assert sorted(value for name, value in kept[0]["fields"] if name == "segments") == ["1", "2"]
    assert page.locator("#outbox-list").get_by_text("2 streets walked").is_visible()
    assert looks() == []
    page.context.set_offline(False)  # the "online" event sends it
    # (the phone is watched, not the database: polling SQLite would hold up the server's write)
    wait_until(lambda: page.evaluate(READ_OUTBOX) == [], timeout=30, what="the phone sent and forgot the survey")
    assert looks() == [(1, days_ago(0).isoformat()), (2, days_ago(0).isoformat())]


def test_a_429_keeps_the_survey_until_the_retry_after(survey_page, settings):
    settings.THROTTLE_REPORTS = "0/hour"
    page = survey_page
    mark_both(page)
    page.click("#survey-send")
    page.locator("#survey-result", has_text="Kept on this phone").wait_for()
    [entry] = page.evaluate(READ_OUTBOX)
    assert entry["state"] == "waiting" and entry["attempts"] == 1
    assert entry["nextTry"] - entry["now"] > 50 * 60 * 1000  # an hourly limit of 0: about an hour
    assert looks() == []


def test_a_refused_survey_says_why_beside_the_form(survey_page):
    page = survey_page
    mark_both(page)
    page.fill("#survey-day", days_ago(40).isoformat())
    page.click("#survey-send")
    page.get_by_text("The day is too long ago").wait_for()
    assert page.evaluate(READ_OUTBOX) == []


def test_the_map_layer_colours_streets_by_when_someone_last_looked(new_page, live_server, grid):
    in_thread(lambda: StreetLook.objects.create(way_id=1, day=days_ago(5)))
    page = new_page(viewport={"width": 1280, "height": 800})
    lon, lat = lonlat(0, 0)
    page.goto(f"{live_server.url}/?z=18&lat={lat:.6f}&lon={lon:.6f}")
    with page.expect_response(lambda r: "/api/v1/coverage/streets/" in r.url) as answer:
        page.check("#coverage")
    states = {f["id"]: f["properties"]["state"] for f in answer.value.json()["features"]}
    assert states == {1: "recent", 2: "never"}
    page.get_by_text("1 of 2 streets in view: nobody has looked yet.").wait_for()
    assert page.locator('path[stroke="#c2185b"]').count() == 1
    assert page.locator('path[stroke="#2e7d32"]').count() == 1
    assert page.locator("#coverage-legend").is_visible()
    page.uncheck("#coverage")
    assert page.locator('path[stroke="#c2185b"]').count() == 0
