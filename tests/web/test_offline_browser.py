"""Offline capture in real Chromium at phone size: a report made without signal is kept on the
phone with its photo, listed as waiting, survives a reload served by the service worker, and
reaches the server exactly once when the connection is back; refused reports wait for the
volunteer; busy servers and lost answers are retried with the same idempotency key."""

import re
import time

import pytest

from cameramap.cameras.models import Photo, Report
from tests.browser import BELGRADE, PHONE, in_thread
from tests.photos.support import PHOTOS, throttle_reset  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("throttle_reset")]

# The outbox as the page keeps it in IndexedDB (read through the page, as the page would).
READ_OUTBOX = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("cameramap-outbox");
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains("reports")) { resolve([]); return; }
    const request = db.transaction("reports").objectStore("reports").getAll();
    request.onsuccess = () => resolve(request.result.map((entry) => ({
      key: entry.key, state: entry.state, attempts: entry.attempts || 0, nextTry: entry.nextTry || 0,
      fields: entry.fields || null, receiptUrl: entry.receiptUrl || null, reportId: entry.reportId || null,
      photos: (entry.photos || []).map((photo) => ({name: photo.name, size: photo.blob.size, type: photo.blob.type})),
      now: Date.now(),
    })));
    request.onerror = () => reject(request.error);
  };
})"""


def reports_with_key(key: str) -> list[tuple[int, int]]:
    """(report id, number of photos) of every report saved with this idempotency key."""
    return in_thread(lambda: [(r.pk, Photo.objects.filter(report=r).count()) for r in Report.objects.filter(idempotency_key=key)])


def report_count() -> int:
    return in_thread(lambda: Report.objects.count())


def wait_until(predicate, timeout: float = 20, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"{what} not met within {timeout} s")


@pytest.fixture
def phone(new_page, live_server):
    """A phone-sized page on the capture page, its location granted; the service worker allowed
    (Playwright's default, said here because the tests depend on it). Each page has a context,
    and so a profile, of its own: no service worker, cache or outbox is left from another test."""

    def open_page(path: str = "/submit/", *, bypass_csp: bool = True, clock: bool = False, init_script: str | None = None):
        page = new_page(**PHONE, geolocation=BELGRADE, permissions=["geolocation"], service_workers="allow",
                        bypass_csp=bypass_csp)
        page.on("dialog", lambda dialog: dialog.accept())
        if clock:
            page.clock.install()  # time runs as usual, and the test can jump ahead
        if init_script:
            page.add_init_script(init_script)
        page.goto(live_server.url + path)
        return page

    return open_page


def controlled_by_worker(page) -> None:
    """Wait until the service worker has cached the page and controls it."""
    wait_until(lambda: page.evaluate("() => !!navigator.serviceWorker.controller"), what="service worker in control")


def outbox(page) -> list[dict]:
    return page.evaluate(READ_OUTBOX)


def fill_report(page, photo: str = "jpg_mobile_jolla.jpg") -> None:
    wait_until(lambda: "12\u00a0m" in page.text_content("#location-status"), what="device location")
    page.set_input_files("#photo-camera", str(PHOTOS / photo))
    page.wait_for_selector("#previews .preview img")
    wait_until(lambda: page.text_content(".preview-meta"), what="photo metadata read")
    page.click("#group-mount label:has-text('pole')")
    page.fill("#notes", "Above the bakery door")


def kept_offline(page, photo: str = "jpg_mobile_jolla.jpg"):
    """The page under the service worker, offline, with a report made and sent: kept in the outbox."""
    controlled_by_worker(page)
    page.context.set_offline(True)
    fill_report(page, photo=photo)
    page.click("#submit-button")
    page.wait_for_selector("#outbox-list .outbox-entry")
    return page


def test_report_made_offline_is_kept_listed_survives_a_reload_and_arrives_exactly_once(phone):
    page = kept_offline(phone())
    assert "kept on this phone" in page.text_content("#outbox-notice")
    assert page.text_content("#outbox-count") == "(1)"
    assert page.locator("#previews .preview").count() == 0  # the form is ready for the next camera
    [kept] = outbox(page)
    key = kept["key"]
    assert kept["state"] == "waiting"
    size = (PHOTOS / "jpg_mobile_jolla.jpg").stat().st_size
    assert kept["photos"] == [{"name": "jpg_mobile_jolla.jpg", "size": size, "type": "image/jpeg"}]
    assert ["mount", "pole"] in kept["fields"] and ["notes", "Above the bakery door"] in kept["fields"]
    assert report_count() == 0

    cached_page = page.evaluate("""async () => {
      const names = (await caches.keys()).filter((name) => name.startsWith("cameramap-capture-"));
      const cached = await (await caches.open(names[0])).match("/submit/", {ignoreVary: true});
      return cached ? await cached.text() : null;
    }""")
    response = page.reload()  # still offline: the page comes from the service worker's cache
    assert response.from_service_worker and response.status == 200
    # Each rendering of the page masks its CSRF token afresh: the same one means the same copy.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', cached_page).group(1)
    assert page.input_value("input[name=csrfmiddlewaretoken]") == token
    entry = page.wait_for_selector(f"#outbox-list .outbox-entry[data-key='{key}']")
    assert page.text_content("#outbox-count") == "(1)"
    assert page.is_visible("#offline-banner")
    thumbnail = entry.query_selector("img.outbox-thumb")
    wait_until(lambda: thumbnail.evaluate("img => img.complete && img.naturalWidth > 0"), what="thumbnail of the kept photo")
    assert re.search(r"\d", entry.query_selector(".outbox-time").text_content())  # when it was made
    assert entry.query_selector(".outbox-state").text_content() == "Waiting for a connection."
    assert report_count() == 0

    page.context.set_offline(False)  # the "online" event sends it
    receipt = page.wait_for_selector("#outbox-sent .outbox-receipt", timeout=30000)
    [(report_id, photos)] = reports_with_key(key)
    assert photos == 1
    report = in_thread(lambda: Report.objects.get(pk=report_id))
    assert receipt.get_attribute("href") == f"/reports/{report.pk}/?receipt={report.receipt}"
    assert (report.mount, report.notes) == ("pole", "Above the bakery door")
    assert (report.location.y, report.location.x) == (pytest.approx(44.8176, abs=1e-6), pytest.approx(20.4573, abs=1e-6))
    assert page.is_hidden("#outbox-pending") and page.is_hidden("#offline-banner")
    [sent] = outbox(page)
    # What stays on the phone: the receipt, not the report or its photo.
    assert (sent["state"], sent["key"], sent["photos"], sent["fields"]) == ("sent", key, [], None)

    page.reload()  # a page load sends whatever waits: nothing does, so nothing is sent again
    page.wait_for_selector("#outbox-sent .outbox-receipt")
    page.click("#outbox-sent button:has-text('Forget')")
    page.wait_for_selector("#outbox", state="hidden")
    assert outbox(page) == []
    assert reports_with_key(key) == [(report_id, 1)] and report_count() == 1
    assert page.errors == []


def test_offline_the_page_says_once_that_reports_are_kept_and_sent_when_the_connection_is_back(phone):
    page = phone()
    controlled_by_worker(page)
    page.context.set_offline(True)
    page.wait_for_selector("#offline-banner", state="visible")  # before a report: the banner says it
    fill_report(page)
    page.click("#submit-button")
    page.wait_for_selector("#outbox-list .outbox-entry")
    said = page.evaluate("""() => [...document.querySelectorAll("#offline-banner, #outbox-notice")]
      .filter((node) => node.offsetParent !== null && node.textContent.trim()).map((node) => node.id)""")
    assert said == ["outbox-notice"]  # the line about the report just kept, not the banner beside it
    assert page.text_content("#outbox-notice").startswith("No connection. Your report is kept on this phone")
    page.click("#outbox-send")  # what the line said is no longer news: the banner is back
    page.wait_for_selector("#offline-banner", state="visible")
    assert page.errors == []


def test_a_kept_report_can_be_deleted_and_is_never_sent(phone):
    page = kept_offline(phone())
    page.click("#outbox-list button:has-text('Delete')")  # the confirmation is accepted
    page.wait_for_selector("#outbox-pending", state="hidden")
    assert outbox(page) == []
    page.context.set_offline(False)
    page.reload()
    page.wait_for_load_state("networkidle")
    assert report_count() == 0 and page.errors == []


def test_an_answer_lost_on_the_way_back_is_retried_with_the_same_key_and_makes_one_report(phone):
    page = phone()
    posts = []

    def lose_first_answer(route):
        posts.append(route.request.post_data_buffer)
        if len(posts) == 1:
            route.fetch()  # the server gets it and saves the report…
            route.abort("connectionreset")  # …but the phone never hears back
        else:
            route.continue_()

    page.route("**/api/v1/reports/", lose_first_answer)
    fill_report(page)
    page.click("#submit-button")
    page.wait_for_selector("#outbox-list .outbox-entry")
    [kept] = outbox(page)
    assert kept["attempts"] == 1 and 10_000 <= kept["nextTry"] - kept["now"] <= 20_000  # first retry in about 15 s
    assert "no connection" in page.text_content("#outbox-list .outbox-state")
    assert len(reports_with_key(kept["key"])) == 1  # the lost answer did make the report

    page.click("#outbox-send")  # the retry, sooner than the timer
    page.wait_for_selector("#outbox-sent .outbox-receipt")
    assert len(posts) == 2 and kept["key"].encode() in posts[0] and kept["key"].encode() in posts[1]
    [(report_id, photos)] = reports_with_key(kept["key"])
    assert photos == 1 and report_count() == 1
    assert page.get_attribute("#outbox-sent .outbox-receipt", "href").startswith(f"/reports/{report_id}/?receipt=")
    assert page.errors == []


def test_busy_server_is_retried_with_growing_backoff_until_it_takes_the_report(phone):
    page = phone()
    answers = ["503", "429"]

    def busy_then_fine(route):
        if answers:
            status = answers.pop(0)
            route.fulfill(status=int(status), content_type="application/json", body='{"detail": "busy"}',
                          headers={"Retry-After": "60"} if status == "429" else {})
        else:
            route.continue_()

    page.route("**/api/v1/reports/", busy_then_fine)
    fill_report(page)
    page.click("#submit-button")
    page.wait_for_selector("#outbox-list .outbox-entry")
    assert "server could not take" in page.text_content("#outbox-list .outbox-state")
    [first] = outbox(page)
    assert first["attempts"] == 1 and 10_000 <= first["nextTry"] - first["now"] <= 20_000

    page.click("#outbox-send")
    wait_until(lambda: outbox(page)[0]["attempts"] == 2, what="second attempt")
    [second] = outbox(page)
    assert second["state"] == "waiting" and 59_000 <= second["nextTry"] - second["now"] <= 61_000  # Retry-After wins
    assert "too many reports" in page.text_content("#outbox-list .outbox-state")
    assert report_count() == 0

    page.click("#outbox-send")
    page.wait_for_selector("#outbox-sent .outbox-receipt")
    assert [photos for _id, photos in reports_with_key(first["key"])] == [1]
    assert page.errors == []


def test_waiting_report_is_retried_by_itself_with_exponential_backoff(phone):
    page = phone(clock=True, init_script="Math.random = () => 0.5;")  # no jitter: retries after 15 s, then 30 s
    answers = [503, 503]
    posts = []

    def failing_twice(route):
        posts.append(time.monotonic())
        if answers:
            route.fulfill(status=answers.pop(0), content_type="text/html", body="<h1>Bad gateway</h1>")
        else:
            route.continue_()

    page.route("**/api/v1/reports/", failing_twice)
    fill_report(page)
    page.click("#submit-button")
    page.wait_for_selector("#outbox-list .outbox-entry")
    assert len(posts) == 1

    # (page.wait_for_timeout, not time.sleep: Playwright runs the route handler only while the
    # test is inside one of its calls)
    page.clock.fast_forward("00:11")  # the first retry comes 15 s later
    page.wait_for_timeout(500)
    assert len(posts) == 1
    page.clock.fast_forward("00:08")
    wait_until(lambda: outbox(page)[0]["attempts"] == 2, what="first retry")
    assert len(posts) == 2
    [entry] = outbox(page)
    assert 28_000 <= entry["nextTry"] - entry["now"] <= 30_000  # then twice as long

    page.clock.fast_forward("00:22")
    page.wait_for_timeout(500)
    assert len(posts) == 2
    page.clock.fast_forward("00:16")
    page.wait_for_selector("#outbox-sent .outbox-receipt")
    assert len(posts) == 3
    [(_report_id, photos)] = reports_with_key(entry["key"])
    assert photos == 1 and report_count() == 1
    assert page.errors == []


def test_refused_report_waits_for_the_volunteer_with_the_apis_message_and_can_be_corrected(phone):
    page = kept_offline(phone(), photo="jpg_corrupted.jpg")
    posts = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else None)

    page.context.set_offline(False)
    entry = page.wait_for_selector("#outbox-list .outbox-entry.state-attention")
    assert "damaged" in entry.text_content() and "Needs your attention" in entry.text_content()
    [kept] = outbox(page)
    assert kept["state"] == "attention"
    page.click("#outbox-send")  # sending what waits does not send a refused report again
    page.reload()
    page.wait_for_selector("#outbox-list .outbox-entry.state-attention")
    page.wait_for_load_state("networkidle")
    assert len(posts) == 1 and report_count() == 0

    page.click("#outbox-list button:has-text('Correct it')")
    assert page.is_visible("#editing-note")
    assert "damaged" in page.text_content("[data-error-for~=photos]")
    assert page.input_value("#notes") == "Above the bakery door"
    assert page.is_checked("#group-mount input[value=pole]")
    page.click("#previews .remove-photo")
    page.set_input_files("#photo-files", str(PHOTOS / "jpg_Canon_40D.jpg"))
    page.wait_for_selector("#previews .preview img")
    page.click("#submit-button")
    page.wait_for_url(re.compile(r"/reports/\d+/\?receipt="))
    [(report_id, photos)] = reports_with_key(kept["key"])  # the same key: it replaced the kept one
    assert photos == 1
    report = in_thread(lambda: Report.objects.get(pk=report_id))
    assert (report.notes, report.mount) == ("Above the bakery door", "pole")
    assert outbox(page) == []
    assert page.errors == []


def test_capture_page_and_its_offline_list_run_under_the_real_csp(phone):
    page = phone(bypass_csp=False)
    controlled_by_worker(page)
    page.context.set_offline(True)
    fill_report(page)
    page.click("#direction-add")  # the direction arrow is turned without an inline style
    page.click("#submit-button")
    page.wait_for_selector("#outbox-list .outbox-entry img.outbox-thumb")
    page.reload()
    page.wait_for_selector("#outbox-list .outbox-entry img.outbox-thumb")
    page.context.set_offline(False)
    page.wait_for_selector("#outbox-sent .outbox-receipt")
    violations = [text for text in page.console if "Content Security Policy" in text]
    assert violations == []
    assert page.errors == []
    assert report_count() == 1


def test_worker_may_control_only_the_capture_page(phone, live_server):
    page = phone()
    controlled_by_worker(page)
    scope = page.evaluate("() => navigator.serviceWorker.getRegistration().then((registration) => registration.scope)")
    assert scope == live_server.url + "/submit/"
    refused = page.evaluate("""() => navigator.serviceWorker.register("/sw.js", {scope: "/"})
      .then(() => "registered", (error) => error.name)""")
    assert refused == "SecurityError"
    page.goto(live_server.url + "/")  # the map is not the worker's
    assert page.evaluate("() => navigator.serviceWorker.controller") is None
    assert page.errors == []
