"""Keyboard use in real Chromium: Tab reaches every control in a sensible order, each shows where
the focus is, Enter and Space operate them — the map's filters, its list of cameras (the map's
text alternative), its popups, zoom and groups, and the whole capture page, sent without a mouse."""

import re
import time

import pytest

from cameramap.cameras.models import Report
from tests.browser import in_thread
from tests.photos.support import PHOTOS, throttle_reset  # noqa: F401
from tests.web.accessibility_support import (  # noqa: F401
    camera_with_photos,
    cameras_make,
    data_make,
    map_path,
    map_ready,
    open_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The focused element, named the way a person would find it, and whether its focus can be seen:
# an outline of 2 px or more on it — or, for inputs drawn by something else, on what draws them
# (the label of a hidden file input, the chip of a hidden radio button).
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const shows = [el];
  if (el.matches("input[type=file]") && el.labels) shows.push(...el.labels);
  if (el.matches(".chip input")) shows.push(el.nextElementSibling);
  const visible = shows.some(node => {
    const style = getComputedStyle(node), box = node.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  });
  const label = el.labels && el.labels.length ? el.labels[0].textContent : "";
  const name = (el.getAttribute("aria-label") || el.getAttribute("title") || label || el.textContent || el.value || "")
    .replace(/\\s+/g, " ").trim().slice(0, 60);
  return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.className && el.className.baseVal === undefined ? el.className : "",
          type: el.type || "", field: el.name || "", name: name, value: el.value || "", checked: !!el.checked, visible: visible,
          camera: el.getAttribute("data-camera-id") || ""};
}"""


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED)


def tab_stops(page, count: int) -> list[dict]:
    """Press Tab `count` times from where the focus is; what had the focus after each."""
    stops = []
    for _ in range(count):
        page.keyboard.press("Tab")
        stops.append(focused(page))
    return stops


def tab_to(page, matches, limit: int = 120) -> dict:
    """Press Tab until the focused element satisfies matches(stop); fail if it never comes."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = focused(page)
        if stop and matches(stop):
            return stop
    pytest.fail("Tab never reached the control")


def index_of(stops: list[dict], matches) -> int:
    for i, stop in enumerate(stops):
        if stop and matches(stop):
            return i
    pytest.fail(f"not among the Tab stops: {[s and (s['tag'], s['id'], s['name']) for s in stops]}")


def capture_page(open_page):
    """The capture page, with the file choosers it opens handed to the test (page.choosers)."""
    page = open_page("/submit/")
    page.choosers = []
    # One listener for the page's life: Playwright turns the interception of file choosers on
    # when a listener is added, without waiting; the round trip below makes sure it is on.
    page.on("filechooser", lambda chooser: page.choosers.append(chooser))
    page.evaluate("() => true")
    return page


def chooser_by_key(page, key: str):
    """Press `key` on the focused file input; the file chooser it opened."""
    count = len(page.choosers)
    page.keyboard.press(key)
    # Polled until a generous deadline, not counted out in 100 ms steps: on a busy machine
    # Chromium can take seconds to open it. (page.wait_for_timeout, not time.sleep: Playwright
    # delivers the event only while the test is inside one of its calls.)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if len(page.choosers) > count:
            return page.choosers[-1]
        page.wait_for_timeout(100)
    pytest.fail(f"{key} opened no file chooser within 30 s")


def pan_by_key(page, key: str) -> None:
    """Press an arrow key on the focused capture map and wait until the pan it starts has ended
    (Leaflet's moveend): a pan is animated, and Leaflet ignores the keys pressed meanwhile, so the
    next key waits for the event, not for a time the animation usually takes."""
    page.evaluate("""() => {
      window.panEnded = false;
      window.cameramapMap.once("moveend", () => { window.panEnded = true; });
    }""")
    page.keyboard.press(key)
    page.wait_for_function("() => window.panEnded")


def zoom(page) -> int:
    return page.evaluate("() => window.cameramapMap.getZoom()")


def zoomed_to(page, level: int) -> None:
    """Wait for the map to reach `level` and finish its animation (Leaflet ignores a zoom asked
    for while it is still zooming)."""
    page.wait_for_function(f"window.cameramapMap.getZoom() === {level}")
    page.wait_for_function("!document.querySelector('.leaflet-zoom-anim')")


def wait_count(page, count: int) -> None:
    page.wait_for_function(f"document.querySelector('#match-count').dataset.count === '{count}'")


# --- the map -----------------------------------------------------------------------------------

def test_map_tab_order_runs_header_filters_list_map_controls_markers_and_every_stop_shows_focus(open_page):
    in_thread(cameras_make)
    page = open_page(map_path())
    map_ready(page, 3)

    stops = tab_stops(page, 80)  # the header, the panel (filters, layers, list), then the map

    assert stops[0]["cls"] == "skip-link"
    assert [s["name"] for s in stops[2:7]] == ["Map", "Add a camera", "Least-watched walk", "Data", "API"]
    order = [
        index_of(stops, lambda s: s["tag"] == "summary" and s["name"] == "Filters"),
        index_of(stops, lambda s: s["type"] == "checkbox" and s["name"] == "camera"),
        index_of(stops, lambda s: s["type"] == "checkbox" and s["name"] == "police"),
        index_of(stops, lambda s: s["name"] == "Apply"),
        index_of(stops, lambda s: s["id"] == "locate"),
        index_of(stops, lambda s: s["tag"] == "a" and s["name"].startswith("licence plate reader · Shop")),
        index_of(stops, lambda s: s["id"] == "map"),
        index_of(stops, lambda s: s["name"] == "Zoom in"),
        index_of(stops, lambda s: "cam-marker" in s["cls"]),
    ]
    assert order == sorted(order)  # the page's order: panel first (as on screen), then the map
    invisible = [s for s in stops if s and not s["visible"]]
    assert invisible == [], f"focus not visible on: {invisible}"


def test_map_filters_and_list_work_from_the_keyboard(open_page):
    in_thread(cameras_make)
    page = open_page(map_path())
    map_ready(page, 3)
    wait_count(page, 3)

    tab_to(page, lambda s: s["type"] == "checkbox" and s["name"] == "police")
    page.keyboard.press("Space")
    wait_count(page, 1)
    page.wait_for_function("document.querySelectorAll('#camera-list li').length === 1")
    assert "operator_type=police" in page.url  # the filter is in the permalink

    tab_to(page, lambda s: s["name"] == "Clear filters")
    page.keyboard.press("Enter")
    wait_count(page, 3)
    assert page.locator("input[value=police]").is_checked() is False

    # The list: "Show on map" opens the camera's popup and moves the focus into it.
    show = tab_to(page, lambda s: s["name"] == "Show on map")
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup .cam-popup a")
    assert page.evaluate("() => !!document.activeElement.closest('.leaflet-popup')")
    link = tab_to(page, lambda s: True, limit=1)
    assert link["name"] == "Open the camera page" and link["visible"]
    page.keyboard.press("Escape")  # closes the popup, the focus goes back to the list
    page.wait_for_selector(".leaflet-popup", state="detached")
    back = focused(page)
    assert back["name"] == "Show on map" and back["camera"] == show["camera"]

    # A camera's link in the list opens its page.
    page.keyboard.press("Shift+Tab")
    assert focused(page)["tag"] == "a"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/cameras/{show['camera']}/$"))


def test_map_pans_zooms_and_opens_markers_from_the_keyboard(open_page):
    in_thread(cameras_make)
    page = open_page(map_path())
    map_ready(page, 3)

    tab_to(page, lambda s: s["id"] == "map")
    before = page.evaluate("() => window.cameramapMap.getCenter().lng")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"window.cameramapMap.getCenter().lng > {before}")
    page.keyboard.press("Equal")  # "+": Leaflet zooms in on = and +
    zoomed_to(page, 17)

    zoom_in = tab_to(page, lambda s: True, limit=1)
    assert zoom_in["name"] == "Zoom in" and zoom_in["visible"]
    page.keyboard.press("Enter")
    zoomed_to(page, 18)
    tab_to(page, lambda s: s["name"] == "Zoom out", limit=1)
    scrolled = page.evaluate("() => window.scrollY")
    page.keyboard.press("Space")  # a button answers Space too
    zoomed_to(page, 17)
    assert page.evaluate("() => window.scrollY") == scrolled  # Space did not scroll the page

    marker = tab_to(page, lambda s: "cam-marker" in s["cls"])
    assert marker["visible"] and marker["name"]  # named by its type and operator
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup .cam-popup")
    assert page.evaluate("() => !!document.activeElement.closest('.leaflet-popup')")
    page.keyboard.press("Escape")
    page.wait_for_selector(".leaflet-popup", state="detached")
    assert focused(page)["camera"] == marker["camera"]  # back on the marker
    page.keyboard.press("Space")  # a marker is a button: Space opens it too
    page.wait_for_selector(".leaflet-popup .cam-popup")
    assert page.evaluate("() => !!document.activeElement.closest('.leaflet-popup')")


def test_far_out_groups_and_the_list_zoom_in_from_the_keyboard(open_page):
    in_thread(cameras_make)
    page = open_page(map_path(zoom=11))
    page.wait_for_selector("#map[data-drawn-zoom='11'] .cam-group")

    group = tab_to(page, lambda s: "cam-group" in s["cls"])
    assert "cameras here" in group["name"] and group["visible"]
    page.keyboard.press("Enter")
    zoomed_to(page, 13)
    assert focused(page)["id"] == "map"  # the group is gone; the focus stays in the map
    page.wait_for_selector("#map[data-drawn-zoom='13'] .cam-group")  # zoom 13's groups are drawn
    tab_to(page, lambda s: "cam-group" in s["cls"])
    page.keyboard.press("Space")
    zoomed_to(page, 15)
    page.keyboard.press("Minus")  # back out, to try the list's "Zoom in"
    zoomed_to(page, 14)
    assert focused(page)["id"] == "map"

    page.wait_for_selector("#list-zoom", state="visible")  # shown once the list is drawn for zoom 14
    page.keyboard.press("Shift+Tab")  # back from the map: the list's "Zoom in" is just before it
    assert focused(page)["id"] == "list-zoom"
    page.keyboard.press("Enter")
    map_ready(page, 3)
    assert zoom(page) == 15
    assert focused(page)["id"] == "list-heading"
    assert tab_to(page, lambda s: True, limit=1)["tag"] == "a"  # the first camera in the list


# --- the capture page --------------------------------------------------------------------------

def test_capture_page_tab_order_and_visible_focus(open_page):
    page = open_page("/submit/")

    stops = tab_stops(page, 40)

    order = [
        index_of(stops, lambda s: s["cls"] == "skip-link"),
        index_of(stops, lambda s: s["id"] == "photo-camera"),
        index_of(stops, lambda s: s["id"] == "photo-files"),
        index_of(stops, lambda s: s["id"] == "locate"),
        index_of(stops, lambda s: s["id"] == "submit-map"),
        index_of(stops, lambda s: s["id"] == "pin-centre"),
        index_of(stops, lambda s: s["id"] == "direction-add"),
        index_of(stops, lambda s: s["id"] == "direction-clear"),
        index_of(stops, lambda s: s["type"] == "radio" and s["value"] == "camera"),  # the chosen chip of "What is it?"
        index_of(stops, lambda s: s["type"] == "radio" and s["field"] == "operator_type"),
        index_of(stops, lambda s: s["name"].startswith("Operator, if a sign")),
        index_of(stops, lambda s: s["tag"] == "summary" and s["name"] == "More details"),
        index_of(stops, lambda s: s["id"] == "notes"),
        index_of(stops, lambda s: s["id"] == "submit-button"),
    ]
    assert order == sorted(order)
    invisible = [s for s in stops if s and not s["visible"]]
    assert invisible == [], f"focus not visible on: {invisible}"


def test_photo_buttons_open_the_file_chooser_with_enter_and_space(open_page):
    page = capture_page(open_page)

    tab_to(page, lambda s: s["id"] == "photo-camera")
    assert chooser_by_key(page, "Space").is_multiple() is False  # "Take a photo": one at a time
    chooser_by_key(page, "Enter").set_files([])
    tab_to(page, lambda s: s["id"] == "photo-files", limit=1)
    chooser_by_key(page, "Enter").set_files([])
    chooser = chooser_by_key(page, "Space")
    assert chooser.is_multiple() is True
    chooser.set_files(str(PHOTOS / "jpg_gps_DSCN0010.jpg"))
    page.wait_for_selector("#previews .preview img")

    remove = tab_to(page, lambda s: "remove-photo" in s["cls"])
    assert remove["name"] == "Remove: jpg_gps_DSCN0010.jpg"
    page.keyboard.press("Enter")
    assert page.locator("#previews .preview").count() == 0
    assert focused(page)["id"] == "photo-files"  # the focus is not lost with the button


@pytest.mark.usefixtures("throttle_reset")
def test_a_report_is_made_and_sent_with_the_keyboard_alone(open_page):
    page = capture_page(open_page)  # no geolocation: the pin is placed by moving the map
    tab_to(page, lambda s: s["id"] == "photo-files")
    chooser_by_key(page, "Space").set_files(str(PHOTOS / "jpg_mobile_jolla.jpg"))  # no GPS in it
    page.wait_for_selector("#previews .preview img")

    tab_to(page, lambda s: s["id"] == "submit-map")
    for key in ("ArrowRight", "ArrowDown"):
        pan_by_key(page, key)
    start = page.evaluate("() => JSON.parse(document.getElementById('submit-config').textContent).center")  # lat, lon
    tab_to(page, lambda s: s["id"] == "pin-centre")
    page.keyboard.press("Enter")
    assert page.text_content("#location-status") == "Location set on the map."

    tab_to(page, lambda s: s["id"] == "direction-add")
    page.keyboard.press("Enter")
    stop = focused(page)
    assert stop["tag"] == "input" and stop["name"].startswith("Direction 1") and stop["value"] == "0"
    page.keyboard.press("Control+A")
    page.keyboard.type("135")
    page.keyboard.press("Tab")  # leaves the field: the arrow on the map turns to 135°
    assert focused(page)["name"] == "Remove: Direction 1"  # the focus went on, the list was not redrawn
    page.wait_for_function("document.querySelector('.direction-arrow').style.transform === 'rotate(135deg)'")

    tab_to(page, lambda s: s["type"] == "radio" and s["value"] == "camera")  # "What is it?": camera, chosen
    page.keyboard.press("ArrowRight")  # the next choice: licence plate reader
    assert focused(page)["value"] == "ALPR" and focused(page)["visible"]
    tab_to(page, lambda s: s["type"] == "radio" and s["field"] == "operator_type")  # "Who runs it?": don't know
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    assert focused(page)["value"] == "police"
    tab_to(page, lambda s: s["name"].startswith("Operator, if a sign"))
    page.keyboard.type("Ministry of Interior")

    tab_to(page, lambda s: s["id"] == "submit-button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/reports/\d+/\?receipt="))

    [report] = in_thread(lambda: list(Report.objects.all()))
    assert report.directions == [135]
    assert (report.surveillance_type, report.operator_type, report.operator) == ("ALPR", "police", "Ministry of Interior")
    assert report.location.x > start[1] and report.location.y < start[0]  # the map was moved right and down
    assert report.accuracy_m is None


@pytest.mark.usefixtures("throttle_reset")
def test_after_a_refused_report_the_focus_is_on_the_first_error(open_page):
    page = capture_page(open_page)
    tab_to(page, lambda s: s["id"] == "photo-files")
    chooser_by_key(page, "Space").set_files(str(PHOTOS / "jpg_mobile_jolla.jpg"))
    page.wait_for_selector("#previews .preview img")

    tab_to(page, lambda s: s["id"] == "submit-button")
    page.keyboard.press("Enter")  # no location: refused
    page.wait_for_function("document.activeElement.matches('[data-error-for~=location]')")
    message = page.text_content("[data-error-for~=location]").lower()
    assert "location" in message or "pin" in message  # checked on the phone before it is kept
    assert page.get_attribute("[data-error-for~=location]", "role") == "alert"  # and read out
    assert tab_to(page, lambda s: True, limit=1)["id"] == "direction-clear"  # Tab goes on from there
