"""The moderator's page in a real browser: the mini map draws, and the keyboard decides."""

import re

import pytest
from django.test import Client

from cameramap.cameras.models import Camera, Report
from cameramap.moderation.services import report_precheck
from tests.factories import camera_make, report_make

from .test_dedup_scoring import moved

LON, LAT = 20.4573, 44.8176


@pytest.fixture
def browser_page(new_page, live_server, moderator):
    """A moderator's page on a laptop-sized screen, under the real CSP; `page.errors` collects
    the console's errors as well as uncaught ones."""
    client = Client()
    client.force_login(moderator)
    page = new_page(viewport={"width": 1366, "height": 900})
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_moderator_reviews_with_the_map_and_the_keyboard(browser_page, live_server, photo_make):
    page = browser_page
    camera = camera_make(**dict(zip(("lon", "lat"), moved(LON, LAT, 6, 90))), directions=[90])
    camera_make(**dict(zip(("lon", "lat"), moved(LON, LAT, 60, 0))), directions=[200])
    first = report_make(lon=LON, lat=LAT, directions=[80], accuracy_m=6)
    photo_make(first, exif=__import__("django.contrib.gis.geos", fromlist=["Point"]).Point(*moved(LON, LAT, 15, 200), srid=4326))
    report_precheck(report_id=first.pk)
    second = report_make(lon=LON + 0.02, lat=LAT)
    report_precheck(report_id=second.pk)

    page.goto(f"{live_server.url}/moderate/")
    assert page.locator('[data-count="pending"]').inner_text() == "2"
    page.click("text=Review the oldest report >> nth=0")
    page.wait_for_url(f"**/moderate/reports/{first.pk}/")
    page.wait_for_selector("#review-map[data-ready=true]")

    # The map: the report pin, its photo's GPS, both cameras with cones, the candidate labelled.
    assert page.locator("path.report-marker").count() == 1
    assert page.locator("path.photo-marker").count() == 1
    assert page.locator("path.camera-marker").count() == 2
    assert page.locator("path.candidate-marker").count() == 1
    assert re.search(rf"1\. #{camera.pk} · \d+ %", page.locator(".camera-label").first.inner_text())
    assert page.evaluate("[...document.scripts].every(s => s.src || s.type === 'application/json')")

    # Keyboard: ? shows the shortcuts; 1 chooses the first candidate; m attaches to it.
    page.keyboard.press("?")
    assert page.locator("#shortcuts").is_visible()
    page.keyboard.press("1")
    assert "chosen" in page.locator('tr[data-rank="1"]').get_attribute("class")
    assert page.input_value('#attach-other-form input[name="camera"]') == str(camera.pk)
    page.keyboard.press("m")
    page.wait_for_url(f"**/moderate/reports/{second.pk}/")  # straight on to the next report
    assert f"Report {first.pk} attached to camera {camera.pk}." in page.inner_text(".messages")
    assert Report.objects.get(pk=first.pk).status == "merged"

    # r focuses the reason; typing in the explanation does not trigger shortcuts.
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.id") == "id_reason"
    page.select_option("#id_reason", "other")
    page.fill("#id_text", "a mirror, not a camera")  # contains a, m and r
    assert page.url.endswith(f"/moderate/reports/{second.pk}/")
    page.click("#reject-form button[type=submit]")
    page.wait_for_url("**/moderate/")
    assert Report.objects.get(pk=second.pk).status == "rejected"
    assert "The queue is empty" in page.inner_text(".messages")
    assert Camera.objects.get(pk=camera.pk).confirmations == 2
    assert page.errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_shortcut_approves_a_new_camera(browser_page, live_server):
    report = report_make(lon=LON, lat=LAT, directions=[30])
    browser_page.goto(f"{live_server.url}/moderate/reports/{report.pk}/")
    browser_page.wait_for_selector("#review-map[data-ready=true]")
    browser_page.keyboard.press("a")
    browser_page.wait_for_url("**/moderate/")
    camera = Camera.objects.get()
    assert Report.objects.get(pk=report.pk).camera == camera and camera.directions == [30]
    assert browser_page.errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_moderator_draws_a_rectangle_and_the_photo_is_blurred_there(browser_page, live_server, photo_make):
    from cameramap.cameras.models import Photo
    from cameramap.cameras.history import Action, ModerationEvent

    page = browser_page
    report = report_make(lon=LON, lat=LAT)
    photo = photo_make(report)
    page.goto(f"{live_server.url}/moderate/reports/{report.pk}/")
    page.click(".blur-start")
    stage = page.locator(".blur-stage img")
    stage.wait_for()
    page.wait_for_function("document.querySelector('.blur-stage img').complete")
    box = stage.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.6, steps=5)
    page.mouse.up()
    page.click("text=Blur these areas")
    page.wait_for_selector(".blur-editor", state="detached")

    photo.refresh_from_db()
    [blurred] = photo.blur_boxes
    assert blurred["kind"] == "manual"
    assert blurred["x"] == pytest.approx(0.2, abs=0.03) and blurred["w"] == pytest.approx(0.3, abs=0.03)
    assert blurred["y"] == pytest.approx(0.2, abs=0.03) and blurred["h"] == pytest.approx(0.4, abs=0.03)
    assert ModerationEvent.objects.filter(action=Action.BLUR, report=report).count() == 1
    assert page.locator("figure.photo a img").get_attribute("src").endswith(photo.thumbnail.name.rsplit("/", 1)[-1])
    assert Photo.objects.get(pk=photo.pk).image.name == photo.image.name
    assert page.errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_report_still_being_checked_waits_and_its_buttons_come_alive_by_themselves(browser_page, live_server, photo_make):
    page = browser_page
    report = report_make(lon=LON, lat=LAT, prechecks={})
    photo = photo_make(report, state="pending")  # as it is while the worker processes it

    page.goto(f"{live_server.url}/moderate/reports/{report.pk}/")
    banner = page.locator("#checks-pending")
    assert "Still being checked" in banner.inner_text()
    assert page.locator("#approve-form button").is_disabled()
    assert page.locator("#reject-form button").is_enabled()
    page.keyboard.press("a")  # the shortcut does nothing while the button waits
    assert Camera.objects.count() == 0 and Report.objects.get(pk=report.pk).status == "pending"

    # The worker finishes: the photo is settled and the pre-checks run.
    photo.state = "done"
    photo.save(update_fields=["state"])
    report_precheck(report_id=report.pk)

    # The page asks the API by itself, reloads with the results, and the buttons are live.
    page.wait_for_selector("#checks-pending", state="detached", timeout=60_000)
    assert page.locator("#approve-form button").is_enabled()
    assert page.locator(".prechecks").is_visible()
    assert page.errors == []


def _moderator_page(new_page, live_server, moderator, *, width: int, height: int, language: str):
    client = Client()
    client.force_login(moderator)
    page = new_page(viewport={"width": width, "height": height}, extra_http_headers={"Accept-Language": language})
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language, width, height, merge_button", [
    ("en", 1280, 800, "Merge camera {dup} into camera {keep}"),
    ("sr", 360, 740, "Споји камеру {dup} са камером {keep}"),
])
def test_a_moderator_sees_the_merge_before_confirming_it(new_page, live_server, moderator, tmp_path,
                                                         language, width, height, merge_button):
    keep = camera_make(directions=[110], operator="Grad Beograd", mount="")
    dup = camera_make(**dict(zip(("lon", "lat"), moved(LON, LAT, 3, 0))), directions=[290], operator="MUP", mount="pole")
    page = _moderator_page(new_page, live_server, moderator, width=width, height=height, language=language)

    page.goto(f"{live_server.url}/moderate/cameras/{dup.pk}/")
    page.locator("#merge-form button").click()  # the nearest camera is filled in
    page.wait_for_url(f"**/moderate/cameras/{dup.pk}/merge?into={keep.pk}")
    page.screenshot(path=tmp_path / f"merge-preview-{language}-{width}.png", full_page=True)

    assert "110°, 290°" in page.locator("#merge-confirm").inner_text()
    assert page.locator('input[name="choice_operator"][value="target"]').is_checked()
    assert Camera.objects.get(pk=dup.pk).merged_into_id is None  # nothing happened yet
    page.locator('input[name="choice_operator"][value="source"]').check()
    page.get_by_role("button", name=merge_button.format(dup=dup.pk, keep=keep.pk)).click()
    page.wait_for_url(f"**/moderate/cameras/{keep.pk}/")
    page.screenshot(path=tmp_path / f"merged-{language}-{width}.png", full_page=True)

    keep.refresh_from_db()
    assert (keep.directions, keep.operator, keep.mount) == ([110, 290], "MUP", "pole")
    assert Camera.objects.get(pk=dup.pk).merged_into_id == keep.pk


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_moderator_turns_an_automatic_box_off_and_the_area_is_published_unblurred(browser_page, live_server, review_photo):
    import io

    import numpy as np
    from PIL import Image

    from cameramap.cameras.history import Action, ModerationEvent
    from cameramap.cameras.models import Photo

    page = browser_page
    photo = review_photo()
    [face] = photo.blur_boxes
    with photo.unblurred.open("rb") as stored:
        unblurred = Image.open(io.BytesIO(stored.read())).convert("RGB")
    page.goto(f"{live_server.url}/moderate/reports/{photo.report_id}/")
    page.wait_for_function("document.querySelector('.blur-stage img').complete")
    assert page.evaluate("document.querySelector('.blur-stage img').naturalWidth") == photo.width  # the private image
    toggle = page.locator(".blur-toggle")
    assert toggle.count() == 1 and toggle.get_attribute("aria-pressed") == "true"
    assert page.inner_text(".blur-summary") == "1 of 1 area will be blurred when published."

    toggle.click()
    page.wait_for_selector('.blur-toggle[aria-pressed="false"]')
    assert page.inner_text(".blur-summary") == "0 of 1 area will be blurred when published."
    assert Photo.objects.get(pk=photo.pk).blur_boxes == [{**face, "on": False}]
    assert ModerationEvent.objects.get(action=Action.BLUR).data["off"] == [face]

    page.keyboard.press("a")
    page.wait_for_url("**/moderate/")
    photo.refresh_from_db()
    with photo.image.open("rb") as stored:
        published = Image.open(io.BytesIO(stored.read())).convert("RGB")
    region = tuple(int(v) for v in (face["x"] * photo.width, face["y"] * photo.height,
                                    (face["x"] + face["w"]) * photo.width, (face["y"] + face["h"]) * photo.height))
    gap = np.abs(np.asarray(published.crop(region), dtype=float) - np.asarray(unblurred.crop(region), dtype=float)).mean()
    assert gap < 3 and not photo.unblurred.name
    assert page.errors == []
