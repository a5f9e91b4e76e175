"""The public pages under their real Content-Security-Policy (no bypass), in real Chromium: the
map with its tiles, groups, cones, density layer and popups, the camera page, the capture page
with a photo, a direction arrow and an error, the receipt and the data page with a running build.
Nothing may be refused by the policy (Chromium reports every refusal on the console) and no
script may fail. Our scripts are native modules on every page that has them, the moderator's
too: none is written inline, each is named by the page, and they leave no globals behind."""

import re

import pytest
from django.test import Client

from cameramap.moderation.services import report_precheck
from tests.browser import BELGRADE, in_thread
from tests.factories import report_make
from tests.photos.support import PHOTOS, throttle_reset  # noqa: F401
from tests.web.accessibility_support import (  # noqa: F401
    DESKTOP,
    camera_with_photos,
    cameras_make,
    data_make,
    map_path,
    open_page,
    receipt_make,
    release_building,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# Added by Playwright before the page's own scripts (the policy does not govern it): every
# refusal the page sees as a `securitypolicyviolation` event goes to the console as well.
REPORT_VIOLATIONS = (
    "document.addEventListener('securitypolicyviolation', e => console.error('Content Security Policy refused '"
    " + e.effectiveDirective + ' ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber));"
)


def csp_page(open_page, path: str, **options):
    """The page under its own policy; Chromium writes each refusal on the console."""
    page = open_page(path, csp=True, init_script=REPORT_VIOLATIONS, **options)
    policy = page.response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
    return page


def refusals(page) -> list[str]:
    return [message for message in page.console if "Content Security Policy" in message]


def assert_nothing_refused(page):
    page.wait_for_timeout(300)  # let the last events reach the console
    assert refusals(page) == []
    assert page.errors == []


def test_map_runs_under_its_policy_close_up_far_out_with_density_and_popups(open_page):
    in_thread(cameras_make)
    page = csp_page(open_page, map_path(zoom=18, density=1))
    page.locator(".cam-marker[data-camera-id]").nth(2).wait_for()
    page.locator("#camera-list li").nth(2).wait_for()
    page.locator("#density-legend h2").wait_for()
    assert page.locator(".cam-cone").count() >= 2  # field-of-view cones, close up
    page.locator("#camera-list button").first.click()
    page.locator(".leaflet-popup .cam-popup a").wait_for()
    page.get_by_label("police").check()
    page.locator("#match-count[data-count='1']").wait_for()

    page.goto(page.url.split("?")[0] + map_path(zoom=11).lstrip("/"))
    page.locator(".cam-group").first.wait_for()  # groups drawn from the vector tiles

    assert_nothing_refused(page)


def test_camera_page_runs_under_its_policy(open_page):
    camera = in_thread(lambda: camera_with_photos(PHOTOS))
    page = csp_page(open_page, f"/cameras/{camera.pk}/")
    page.locator(f".cam-marker[data-camera-id='{camera.pk}']").wait_for()
    page.locator(".photo-list img").nth(1).wait_for()
    assert page.locator(".photo-list img").evaluate_all("images => images.every(i => i.complete && i.naturalWidth > 0)")

    assert_nothing_refused(page)


@pytest.mark.usefixtures("throttle_reset")
def test_capture_page_runs_under_its_policy_with_photos_directions_and_errors(open_page):
    page = csp_page(open_page, "/submit/", phone=True, geolocation=BELGRADE)
    page.locator("#location-status", has_text="12\u00a0m").wait_for()
    page.set_input_files("#photo-files", str(PHOTOS / "jpg_hdr_iphone_hdr_YES.jpg"))  # GPS and heading
    page.locator("#location-warning:not([hidden])").wait_for()
    page.locator(".direction-handle .direction-arrow").wait_for()  # the suggested direction's arrow
    assert page.locator(".direction-arrow").evaluate("arrow => arrow.style.transform") == "rotate(31deg)"
    page.click("#direction-add")
    assert page.locator(".direction-arrow").count() == 2
    page.set_input_files("#photo-files", str(PHOTOS / "jpg_corrupted.jpg"))
    page.click("#submit-button")
    page.locator("[data-error-for~=photos]", has_text="damaged").wait_for()  # refused by the server

    assert_nothing_refused(page)


def test_receipt_page_runs_under_its_policy(open_page):
    path = in_thread(receipt_make)
    page = csp_page(open_page, path)
    assert page.text_content("#report-status") == "pending"

    assert_nothing_refused(page)


def test_data_page_runs_under_its_policy_while_a_release_is_built(open_page):
    in_thread(data_make)
    in_thread(release_building)
    page = csp_page(open_page, "/data/")
    page.locator("progress[data-release-progress]").wait_for()
    with page.expect_response(lambda response: "/api/v1/datasets/" in response.url, timeout=10_000) as polled:
        pass  # data.js follows the build through the API
    assert polled.value.status == 200
    page.locator("#releases details summary").first.click()

    assert_nothing_refused(page)


# --- our scripts as modules --------------------------------------------------------------------

OUR_SCRIPTS = re.compile(r"/static/cameramap/[\w-]+\.js$")
# Our files the browser fetched (module scripts and all they import), and the URLs the page names
# in a script or a modulepreload link.
LOADED = r"""() => performance.getEntriesByType("resource").map((entry) => entry.name)
  .filter((url) => /^\/static\/cameramap\/[\w-]+\.js$/.test(new URL(url).pathname))"""
NAMED = """() => [...document.querySelectorAll("script[src], link[rel=modulepreload]")].map((tag) => tag.src || tag.href)"""
INLINE = "() => [...document.scripts].filter((script) => !script.src && script.type !== 'application/json').length"
CLASSIC_OURS = "() => [...document.scripts].filter((s) => s.src.includes('/static/cameramap/') && s.type !== 'module').length"
GLOBALS = "() => Object.getOwnPropertyNames(window)"


def moderation_path() -> str:
    report = report_make(directions=[80])
    report_precheck(report_id=report.pk)
    return f"/moderate/reports/{report.pk}/"


def map_with_cameras() -> str:
    cameras_make()
    return map_path()


def embed_with_cameras() -> str:
    cameras_make()
    return "/embed" + map_path()


def data_with_release() -> str:
    data_make()
    return "/data/"


def official_place_path() -> str:
    from django.contrib.gis.geos import Point

    from cameramap.official.models import OfficialEntry, OfficialList

    official_list = OfficialList.objects.create(name="MUP", publisher="M", published="2021-03-20", file_name="l.csv",
                                                file_sha256="d" * 64)
    OfficialEntry.objects.create(official_list=official_list, row=2, ref="1", location=Point(20.4573, 44.8176, srid=4326),
                                 located_by="coordinates", status="not_found", precision_m=0)
    entry = OfficialEntry.objects.create(official_list=official_list, row=3, ref="2", address="Nepostojeća 5",
                                         located_by="unlocated", status="unlocated", unlocated_reason="no street")
    return f"/moderate/official/entries/{entry.pk}/place"


def official_job_path() -> str:
    from cameramap.official.models import OfficialImport

    return f"/moderate/official/imports/{OfficialImport.objects.create(file_name='l.csv', options={}).pk}/"


# Each page with our scripts: its path, made with the data it shows (in a thread of its own), and
# an element that is there once its scripts ran.
PAGES = {
    "map": (map_with_cameras, "#match-count[data-count]"),
    "embed": (embed_with_cameras, "#match-count[data-count]"),
    "camera": (lambda: f"/cameras/{camera_with_photos(PHOTOS).pk}/", ".cam-marker[data-camera-id]"),
    "capture": (lambda: "/submit/", "#submit-map .leaflet-tile"),
    "moderation": (moderation_path, "#review-map[data-ready=true]"),
    "data": (data_with_release, "#releases"),
    "official-place": (official_place_path, "#place-map .leaflet-marker-icon, #place-map .leaflet-interactive"),
    "official-job": (official_job_path, "[data-field=state]"),
}


@pytest.mark.parametrize("name", PAGES)
def test_our_scripts_are_modules_the_page_names_and_leave_no_globals(new_page, live_server, moderator, name):
    make, ready = PAGES[name]
    path = in_thread(make)
    client = Client()
    client.force_login(moderator)  # for the moderator's page; the public pages are the same with it
    session = client.cookies["sessionid"].value

    def open_as_moderator(*, ours: bool):
        page = new_page(bypass_csp=False, **DESKTOP)
        page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page.context.add_init_script(REPORT_VIOLATIONS)
        page.console_errors = []
        page.on("console", lambda message: page.console_errors.append(message.text) if message.type == "error" else None)
        if not ours:
            page.route(OUR_SCRIPTS, lambda route: route.abort())
        page.goto(live_server.url + path)
        return page

    # The same page without our files: the globals of the catalogue and the vendored libraries.
    vendored = set(open_as_moderator(ours=False).evaluate(GLOBALS))
    page = open_as_moderator(ours=True)
    page.locator(ready).first.wait_for(state="attached")
    page.wait_for_timeout(300)  # let the last events reach the console

    assert page.console_errors == [] and page.errors == [] and refusals(page) == []
    assert page.evaluate(INLINE) == 0 and page.evaluate(CLASSIC_OURS) == 0
    loaded, named = page.evaluate(LOADED), page.evaluate(NAMED)
    assert "/static/cameramap/util.js" in " ".join(loaded)
    assert set(loaded) <= set(named), set(loaded) - set(named)
    # No global of ours but the map a page hands to the browser tests (and to people poking at it).
    # Leaflet marks what it listens on, the window too, with a _leaflet_events property: its own.
    added = {name for name in set(page.evaluate(GLOBALS)) - vendored if not name.startswith("_leaflet")}
    assert added == ({"cameramapMap"} if name in ("map", "embed", "camera", "capture", "official-place") else set())
