"""The capture page in real Chromium at phone size (360×640): location from the device or from
the photo's EXIF read in the browser, a direction dragged on the map, submit, the receipt."""

import re

import pytest

from cameramap.cameras.models import Report
from tests.browser import BELGRADE, PHONE, in_thread
from tests.factories import camera_make
from tests.photos.support import PHOTOS, throttle_reset  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("throttle_reset")]


def saved_reports() -> list[dict]:
    return in_thread(lambda: [
        {"report": report, "photos": report.photos.count()} for report in Report.objects.order_by("id")
    ])


@pytest.fixture
def phone(new_page, live_server):
    """A page in a phone-sized context; geolocation granted (at a fake position) or not."""

    def open_page(path: str = "/submit/", *, geolocation: dict | None = None):
        options = dict(PHONE)
        if geolocation:
            options.update(geolocation=geolocation, permissions=["geolocation"])
        # Playwright's wait_for_function evaluates strings in the page, which our CSP forbids;
        # tests/web/test_csp_browser.py loads every page under the real policy instead.
        page = new_page(bypass_csp=True, **options)
        page.goto(live_server.url + path)
        return page

    return open_page


def drag_direction_to(page, degrees_east_of_north: int):
    """Drag the (single) direction handle from wherever it is to the given bearing."""
    import math

    page.locator("#submit-map").evaluate("map => map.scrollIntoView({block: 'center'})")
    pin = page.locator(".leaflet-marker-icon:not(.direction-handle)").first.bounding_box()
    origin = (pin["x"] + pin["width"] / 2, pin["y"] + pin["height"])  # the pin's tip
    handle = page.locator(".direction-handle").first.bounding_box()
    start = (handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    radians = math.radians(degrees_east_of_north)
    target = (origin[0] + 70 * math.sin(radians), origin[1] - 70 * math.cos(radians))
    page.mouse.move(*start)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(start[0] + (target[0] - start[0]) * step / 10, start[1] + (target[1] - start[1]) * step / 10)
    page.mouse.up()


def test_volunteer_with_location_granted_submits_a_photo_and_a_dragged_direction(phone):
    page = phone(geolocation=BELGRADE)
    page.wait_for_function("document.getElementById('location-status').textContent.includes('12 m')")
    page.set_input_files("#photo-camera", str(PHOTOS / "jpg_mobile_jolla.jpg"))
    page.wait_for_selector("#previews .preview img")
    page.wait_for_function("document.querySelector('.preview-meta').textContent.includes('no GPS')")
    assert page.is_hidden("#location-warning")

    page.click("#direction-add")
    assert page.input_value(".direction-degrees") == "0"
    drag_direction_to(page, 90)
    dragged = int(page.input_value(".direction-degrees"))
    assert 85 <= dragged <= 95
    page.click("#group-mount label:has-text('pole')")
    page.click("#group-operator_type label:has-text('police')")
    page.fill("#notes", "On the corner, facing the square")

    page.click("#submit-button")
    page.wait_for_url(re.compile(r"/reports/\d+/\?receipt="))
    assert page.text_content("#report-status") == "pending"
    [saved] = saved_reports()
    report = saved["report"]
    assert page.input_value("#receipt-link").endswith(f"/reports/{report.pk}/?receipt={report.receipt}")
    assert report.location.y == pytest.approx(44.8176, abs=1e-6)
    assert report.location.x == pytest.approx(20.4573, abs=1e-6)
    assert report.accuracy_m == 12
    assert report.directions == [dragged]
    assert (report.mount, report.operator_type, report.notes) == ("pole", "police", "On the corner, facing the square")
    assert saved["photos"] == 1
    assert page.errors == []


def test_location_comes_from_the_photos_exif_read_in_the_browser_when_geolocation_is_denied(phone):
    page = phone()  # no permission: the browser refuses geolocation
    page.click("#locate")
    page.wait_for_function("document.getElementById('location-status').textContent.includes('off')")
    page.set_input_files("#photo-files", str(PHOTOS / "jpg_gps_DSCN0010.jpg"))
    page.wait_for_function("document.getElementById('location-status').textContent.includes(\"photo's GPS\")")
    assert "has GPS" in page.text_content(".preview-meta")

    page.click("#submit-button")
    page.wait_for_url(re.compile(r"/reports/\d+/\?receipt="))
    [saved] = saved_reports()
    report = saved["report"]
    assert report.location.y == pytest.approx(43.4674483, abs=1e-6)
    assert report.location.x == pytest.approx(11.8851267, abs=1e-6)
    assert report.directions == []  # "don't know"
    assert page.errors == []


def test_photo_far_from_the_pin_is_warned_about_and_its_heading_suggests_the_direction(phone):
    page = phone(geolocation=BELGRADE)
    page.wait_for_function("document.getElementById('location-status').textContent.includes('12 m')")
    page.set_input_files("#photo-files", str(PHOTOS / "jpg_hdr_iphone_hdr_YES.jpg"))  # Madrid, phone faced 211°
    page.wait_for_selector("#location-warning:not([hidden])")
    assert "from where photo 1 was taken" in page.text_content("#location-warning-text")
    assert page.input_value(".direction-degrees") == "31"  # 211° + 180°: the camera faces the phone
    assert "suggested from your photo" in page.text_content("#directions")

    page.click("#use-photo-location")
    assert page.is_hidden("#location-warning")
    page.click("#submit-button")
    page.wait_for_url(re.compile(r"/reports/\d+/\?receipt="))
    [saved] = saved_reports()
    report = saved["report"]
    assert (report.location.y, report.location.x) == (pytest.approx(40.4469722, abs=1e-6), pytest.approx(-3.7247528, abs=1e-6))
    assert report.directions == [31]


def test_api_errors_appear_next_to_their_field(phone):
    page = phone(geolocation=BELGRADE)
    page.wait_for_function("document.getElementById('location-status').textContent.includes('12 m')")
    page.set_input_files("#photo-files", str(PHOTOS / "jpg_corrupted.jpg"))
    page.click("#submit-button")
    page.wait_for_function("document.querySelector('[data-error-for~=photos]').textContent.length > 0")
    assert "damaged" in page.text_content("[data-error-for~=photos]")
    assert page.url.endswith("/submit/") and saved_reports() == []


@pytest.fixture
def camera():
    return camera_make(lon=20.4601, lat=44.8102)


def test_its_gone_from_a_camera_page_needs_no_photo(camera, phone):
    page = phone(f"/submit/?camera={camera.pk}&kind=gone")
    assert page.is_hidden("#step-attributes") and page.is_hidden("#step-direction")
    page.wait_for_function("document.getElementById('location-status').textContent.length > 0")
    page.click("#submit-button")
    page.wait_for_url(re.compile(r"/reports/\d+/\?receipt="))
    [saved] = saved_reports()
    report = saved["report"]
    assert (report.kind, report.camera_id, saved["photos"]) == ("gone", camera.pk, 0)
    assert (report.location.x, report.location.y) == (pytest.approx(20.4601), pytest.approx(44.8102))
