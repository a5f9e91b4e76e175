"""WCAG 2.1 AA on the public pages, judged by axe-core (tests/web/vendor/axe-core) in real
Chromium: the map, the camera page, the capture page, the receipt and the data page, each in the
state people meet it in — cameras loaded and filters open, photos shown, a photo attached and an
error shown, statistics and releases listed — and the moderators' audit trail, filtered and with
a bad filter. No serious or critical violation is allowed."""

import pytest

from tests.browser import BELGRADE, in_thread
from tests.photos.support import PHOTOS, throttle_reset  # noqa: F401
from tests.web.accessibility_support import (  # noqa: F401
    audit_make,
    axe_violations,
    blocking,
    camera_with_photos,
    cameras_make,
    data_make,
    describe,
    map_path,
    map_ready,
    moderator_session,
    open_page,
    receipt_make,
    release_building,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_accessible(page, where: str, **options):
    violations = axe_violations(page, **options)
    print(f"\naxe on {where}: {len(violations)} violation(s)\n{describe(violations)}")
    assert blocking(violations) == [], f"axe on {where}:\n{describe(blocking(violations))}"
    assert page.errors == []
    return violations


# --- the map -----------------------------------------------------------------------------------

def test_map_with_cameras_listed_filters_open_and_density_shown_passes_axe(open_page):
    in_thread(cameras_make)
    page = open_page(map_path(density=1))
    map_ready(page, 3)
    page.wait_for_selector("#density-legend:not([hidden])")
    assert page.locator("details.box").first.get_attribute("open") is not None  # the filters are open

    assert_accessible(page, "the map, close up, with filters and density")

    page.locator("#camera-list button").first.click()  # "Show on map": a popup opens
    page.wait_for_selector(".leaflet-popup .cam-popup a")
    page.wait_for_function("getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")  # faded in
    assert_accessible(page, "the map with a camera's popup open")


def test_map_far_out_with_groups_of_cameras_passes_axe(open_page):
    in_thread(cameras_make)
    page = open_page(map_path(zoom=11))
    page.wait_for_selector(".cam-group, .cam-marker")
    page.wait_for_function("document.querySelector('#match-count').dataset.count !== undefined")

    assert_accessible(page, "the map far out, with groups")


def test_map_on_a_phone_passes_axe(open_page):
    in_thread(cameras_make)
    page = open_page(map_path(), phone=True)
    map_ready(page, 3)

    assert_accessible(page, "the map on a phone")


# --- the camera page ---------------------------------------------------------------------------

def test_camera_page_with_photos_passes_axe(open_page):
    camera = in_thread(lambda: camera_with_photos(PHOTOS))
    page = open_page(f"/cameras/{camera.pk}/")
    page.wait_for_selector(f".cam-marker[data-camera-id='{camera.pk}']")
    assert page.locator(".photo-list img").count() == 2
    page.wait_for_function("[...document.querySelectorAll('.photo-list img')].every(img => img.complete)")

    assert_accessible(page, "the camera page")


# --- the capture page and the receipt ----------------------------------------------------------

@pytest.mark.usefixtures("throttle_reset")
def test_capture_page_with_a_photo_attached_and_an_error_shown_passes_axe(open_page):
    page = open_page("/submit/", phone=True)  # no location: the browser was not allowed to tell
    page.set_input_files("#photo-files", str(PHOTOS / "jpg_mobile_jolla.jpg"))
    page.wait_for_selector("#previews .preview img")
    page.wait_for_function("document.querySelector('.preview-meta').textContent.length > 0")

    page.click("#submit-button")
    page.wait_for_function("document.querySelector('[data-error-for~=location]').textContent.length > 0")

    assert_accessible(page, "the capture page with a photo and an error")


def test_capture_page_with_a_direction_a_warning_and_more_details_open_passes_axe(open_page):
    page = open_page("/submit/", phone=True, geolocation=BELGRADE)
    page.wait_for_function("document.getElementById('location-status').textContent.includes('12\\u00a0m')")
    page.set_input_files("#photo-files", str(PHOTOS / "jpg_hdr_iphone_hdr_YES.jpg"))  # Madrid, phone faced 211°
    page.wait_for_selector("#location-warning:not([hidden])")
    page.wait_for_selector(".direction-handle")
    page.click("details.more summary")

    assert_accessible(page, "the capture page with a direction and a warning")


def test_capture_page_for_an_existing_camera_passes_axe(open_page):
    [camera, *_] = in_thread(cameras_make)
    page = open_page(f"/submit/?camera={camera.pk}&kind=correct")
    page.wait_for_function("document.getElementById('location-status').textContent.length > 0")

    assert_accessible(page, "the capture page for an existing camera")


def test_receipt_page_passes_axe(open_page):
    path = in_thread(receipt_make)
    page = open_page(path, phone=True)
    assert page.text_content("#report-status") == "pending"

    assert_accessible(page, "the receipt page")


# --- the data page -----------------------------------------------------------------------------

def test_data_page_with_statistics_a_release_and_a_build_running_passes_axe(open_page):
    release = in_thread(data_make)
    in_thread(release_building)
    page = open_page("/data/")
    assert release.version in page.text_content("#download")
    assert page.locator("table.statistics tbody tr").count() == 2
    assert page.locator("progress[data-release-progress]").count() == 1
    page.locator("#releases details summary").first.click()  # a release's files and changelog

    assert_accessible(page, "the data page")


def test_data_page_with_download_errors_passes_axe(open_page):
    in_thread(data_make)
    page = open_page("/data/download/?format=pdf&bbox=1,2")
    assert page.locator(".errors").count() == 1

    assert_accessible(page, "the data page with download errors")


# --- the moderators' audit trail ---------------------------------------------------------------

def test_audit_trail_filtered_and_with_a_filter_error_passes_axe(open_page):
    in_thread(audit_make)
    session = in_thread(moderator_session)
    page = open_page("/moderate/audit/?moderator=axe-moderator", session=session)
    assert page.locator("tr[data-event]").count() == 3  # approved, merged, rejected: not the automatic one
    assert page.locator(".merge-into a").count() == 1

    assert_accessible(page, "the audit trail, filtered")

    page = open_page("/moderate/audit/?since=2026-03-05&until=2026-03-01&camera=x", phone=True, session=session)
    assert page.locator(".audit-filters .error").count() == 2

    assert_accessible(page, "the audit trail on a phone, with filter errors")


# --- reflow (WCAG 1.4.10): 320 CSS pixels wide, as at 400 % zoom on a laptop ---------------------

# Elements that stick out of the page to the right, beyond what scrolls in its own box.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  return {scroll: document.documentElement.scrollWidth, width: width,
          out: [...document.querySelectorAll("body *")].filter(el => {
                 const box = el.getBoundingClientRect();
                 return box.width && box.right > width + 1 && !el.closest(".table-wrap, .chart-scroll, .leaflet-container");
               }).slice(0, 5).map(el => el.tagName + "." + el.className)};
}"""


def test_every_page_reflows_to_320_pixels_without_scrolling_sideways(open_page):
    release = in_thread(data_make)
    camera = in_thread(lambda: camera_with_photos(PHOTOS))
    receipt = in_thread(receipt_make)
    in_thread(audit_make)
    session = in_thread(moderator_session)
    for path in (map_path(), f"/cameras/{camera.pk}/", "/submit/", receipt, "/moderate/audit/", "/data/"):
        page = open_page(path, phone=True, session=session if path.startswith("/moderate/") else None)
        page.set_viewport_size({"width": 320, "height": 640})
        # The layout settles after the resize: the page has its new width, and two frames have
        # passed, so the resize event has been handled, and so has what its handlers put off to
        # the next frame (Leaflet redraws the map there). Not a fixed 300 ms, too short when the
        # machine is busy.
        page.wait_for_function("() => window.innerWidth === 320")
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")

        overflow = page.evaluate(OVERFLOW)

        assert overflow["scroll"] == overflow["width"] == 320 and overflow["out"] == [], f"{path}: {overflow}"
        assert page.errors == []
    # /data/'s wide tables and charts scroll in boxes of their own, which the keyboard can reach
    # and scroll; a chart keeps its labels at a readable size rather than shrinking to the width.
    charts = page.locator(".chart-scroll").all()
    assert charts  # the verified cameras per month, at least
    for box in charts:
        assert box.get_attribute("tabindex") == "0" and box.get_attribute("aria-label")
        assert box.evaluate("el => el.querySelector('text').getBoundingClientRect().height") >= 10  # drawn size
        assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    assert release.version in page.text_content("#releases")
    wraps = page.locator(".table-wrap")
    assert wraps.count() == 2
    for i in range(2):
        assert wraps.nth(i).get_attribute("tabindex") == "0" and wraps.nth(i).get_attribute("aria-labelledby")
