"""The capture page in real Chromium at phone size (360×640): location from the device or from
the photo's EXIF read in the browser, a direction dragged on the map, submit, the receipt."""

import re
import time

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
    page.wait_for_function("document.getElementById('location-status').textContent.includes('12\\u00a0m')")
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
    page.wait_for_function("document.getElementById('location-status').textContent.includes('12\\u00a0m')")
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
    page.wait_for_function("document.getElementById('location-status').textContent.includes('12\\u00a0m')")
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


# --- the first arrow, the HEIC preview, distances ----------------------------------------------

def poll(page, script: str, *, timeout: float = 30, what: str = "condition"):
    """Evaluate `script` in the page until it answers something true (wait_for_function evaluates
    strings, which a page under its real policy refuses)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = page.evaluate(script)
        if value:
            return value
        page.wait_for_timeout(100)
    pytest.fail(f"{what} not met within {timeout} s")


def arrow_turn(page) -> str:
    return page.locator(".direction-handle .direction-arrow").first.evaluate("arrow => arrow.style.transform")


def test_the_first_arrow_stands_on_the_pin_as_soon_as_the_pin_is_placed(phone):
    page = phone()
    assert page.locator(".direction-handle").count() == 0  # no pin yet

    page.click("#pin-centre")

    handle = page.locator(".direction-handle")
    assert handle.count() == 1 and "draft" in handle.get_attribute("class")  # grey: no direction given yet
    assert arrow_turn(page) == "rotate(0deg)"
    assert "drag the grey arrow" in page.text_content("#direction-unknown-note")
    assert page.locator(".direction-degrees").count() == 0  # not a direction of the report until dragged
    drag_direction_to(page, 90)
    assert 85 <= int(page.input_value(".direction-degrees")) <= 95
    assert page.locator(".direction-handle").count() == 1 and "draft" not in handle.get_attribute("class")
    assert page.is_hidden("#direction-unknown-note")
    assert page.errors == []


def test_add_a_direction_sits_next_to_the_map_and_takes_the_arrow_on_the_pin(phone):
    page = phone()
    page.click("#pin-centre")
    map_box, add_box = page.locator("#submit-map").bounding_box(), page.locator("#direction-add").bounding_box()
    assert 0 <= add_box["y"] - (map_box["y"] + map_box["height"]) <= 120  # right under the map, not a screen below it

    page.click("#direction-add")

    assert page.locator(".direction-handle").count() == 1  # the arrow already there became direction 1
    assert page.input_value(".direction-degrees") == "0"
    page.click("#direction-add")
    assert page.locator(".direction-handle").count() == 2
    assert page.errors == []


def test_the_arrow_on_the_pin_points_to_the_direction_the_photo_suggests(phone):
    page = phone(geolocation=BELGRADE)
    page.set_input_files("#photo-files", str(PHOTOS / "jpg_hdr_iphone_hdr_YES.jpg"))  # GPS, phone faced 211°
    page.wait_for_selector(".direction-degrees")
    assert page.input_value(".direction-degrees") == "31"

    page.click("#direction-clear")  # "don't know": no direction, but the arrow stays on the pin

    assert page.locator(".direction-degrees").count() == 0
    assert "draft" in page.locator(".direction-handle").get_attribute("class")
    assert arrow_turn(page) == "rotate(31deg)"


def test_a_heic_photo_gets_a_real_preview_under_the_real_csp(new_page, live_server):
    page = new_page(**PHONE)  # the page's own policy: the decoder runs in a worker, without eval or WebAssembly
    page.goto(live_server.url + "/submit/")
    page.set_input_files("#photo-files", [str(PHOTOS / "heic_mobile_iphone_13_pro_max.HEIC"),
                                          str(PHOTOS / "heic_mobile_HMD_Nokia_8.3_5G.heif")])

    sizes = poll(page, """() => {
      const images = [...document.querySelectorAll('#previews .preview img')];
      return images.length === 2 && images.every((img) => img.complete && img.naturalWidth > 0)
        && images.map((img) => [img.src.slice(0, 5), img.naturalWidth, img.naturalHeight]);
    }""", timeout=180, what="two HEIC previews")

    assert sizes == [["blob:", 300, 400], ["blob:", 300, 400]]  # small JPEGs; the iPhone's turned upright
    assert page.locator(".no-preview").count() == 0
    assert page.evaluate("() => !!window.libheif") is False  # the decoder stayed in its worker
    assert [text for text in page.console if "Content Security Policy" in text] == [] and page.errors == []


def test_distances_on_the_capture_page_are_written_in_the_pages_language(new_page, live_server):
    page = new_page(bypass_csp=True, locale="sr-RS", geolocation={**BELGRADE, "accuracy": 1500},
                    permissions=["geolocation"], **PHONE)
    page.goto(live_server.url + "/submit/")
    page.wait_for_function("document.getElementById('location-status').textContent.includes('km')")
    assert "тачна на око 1,5\u00a0km" in page.text_content("#location-status")  # not "1500 m"

    page.set_input_files("#photo-files", str(PHOTOS / "jpg_hdr_iphone_hdr_YES.jpg"))  # taken in Madrid
    page.wait_for_selector("#location-warning:not([hidden])")
    assert re.search(r"Чиода је 2\.\d{3},\d\u00a0km од места", page.text_content("#location-warning-text"))
