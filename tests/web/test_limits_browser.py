"""The report limits as a phone meets them, in real Chromium at phone size: every message gives
the real time of the next try (from Retry-After) and names the limit; the phone sends a random
install key of its own with every report; a mapping-event code is entered once, kept, sent, and
said to be refused when the server refuses it — the report still goes, without it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from cameramap.cameras.models import Report
from cameramap.moderation.models import MappingEvent
from tests.browser import in_thread
from tests.factories import mapping_event_make
from tests.photos.support import throttle_reset  # noqa: F401
from tests.web.test_offline_browser import fill_report, outbox, phone, wait_until  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("throttle_reset")]

THROTTLED = '{"detail": "Many reports came from this network address just now.", "limit": "address"}'
# The time as the page writes it (util.js formatTime), for a moment given in milliseconds.
TIME_TEXT = "(t) => new Date(t).toLocaleString(document.documentElement.lang, {hour: '2-digit', minute: '2-digit'})"


def sent_headers(page) -> list[dict]:
    """The headers of every report the page posts, as the server gets them."""
    seen = []
    page.on("request", lambda request: seen.append(request.headers) if request.method == "POST" and "/api/v1/reports/" in request.url else None)
    return seen


def test_a_throttled_report_says_which_limit_and_the_real_time_of_the_next_try(phone):
    page = phone()
    page.route("**/api/v1/reports/", lambda route: route.fulfill(
        status=429, content_type="application/json", headers={"Retry-After": "2956"}, body=THROTTLED))
    fill_report(page)
    page.click("#submit-button")
    state = page.wait_for_selector("#outbox-list .outbox-state")
    [kept] = outbox(page)
    assert 2_955_000 <= kept["nextTry"] - kept["now"] <= 2_957_000  # Retry-After, not a guess
    at = page.evaluate(TIME_TEXT, kept["nextTry"])
    assert state.text_content() == ("Not sent yet: many reports came from this network just now (phones on one Wi-Fi or "
                                     f"mobile network share its address). Next try at {at}.")
    notice = page.text_content("#outbox-notice")
    assert notice == (f"Your report is kept on this phone and will be sent by itself at {at}. "
                      "At a mapping event, the organisers' code raises the limit.")
    assert "few minutes" not in page.text_content("#outbox")
    assert page.errors == []


def test_a_busy_server_is_retried_at_the_time_the_page_says(phone):
    page = phone(init_script="Math.random = () => 0.5;")
    page.route("**/api/v1/reports/", lambda route: route.fulfill(status=503, content_type="text/html", body="busy"))
    fill_report(page)
    page.click("#submit-button")
    page.wait_for_selector("#outbox-list .outbox-entry")
    [kept] = outbox(page)
    at = page.evaluate(TIME_TEXT, kept["nextTry"])
    assert page.text_content("#outbox-notice") == f"Your report is kept on this phone and will be sent by itself at {at}."
    assert page.text_content("#outbox-list .outbox-state").endswith(f"Next try at {at}.")


def test_each_phone_sends_a_random_install_key_of_its_own_kept_across_reloads(phone):
    page = phone()
    headers = sent_headers(page)
    fill_report(page)
    page.click("#submit-button")
    page.wait_for_url(re.compile(r"/reports/\d+/\?receipt="))
    page.goto(page.url.split("/reports/")[0] + "/submit/")
    fill_report(page)
    page.click("#submit-button")
    page.wait_for_url(re.compile(r"/reports/\d+/\?receipt="))
    other = phone()
    other_headers = sent_headers(other)
    fill_report(other)
    other.click("#submit-button")
    other.wait_for_url(re.compile(r"/reports/\d+/\?receipt="))

    keys = [h["x-install-key"] for h in headers + other_headers]
    assert len(keys) == 3 and all(re.fullmatch(r"[0-9a-f]{32}", key) for key in keys)
    assert keys[0] == keys[1] != keys[2]  # one phone, one key; another phone, another
    assert "x-event-code" not in headers[0]
    assert in_thread(lambda: Report.objects.count()) == 3
    assert page.errors == [] and other.errors == []


def test_an_event_code_is_entered_once_kept_and_sent_with_every_report(phone):
    event = in_thread(lambda: mapping_event_make(name="Walk along the river"))
    page = phone()
    page.click("#event-code summary")
    page.fill("#event-code-input", "nope-nope")
    page.press("#event-code-input", "Enter")  # checks the code; never sends a report
    page.wait_for_selector("#event-code-error:has-text('No mapping event has this code')")
    page.fill("#event-code-input", event.code_display.lower())
    page.click("#event-code button[type=submit]")
    page.wait_for_selector("#event-code.active")
    assert page.text_content("#event-code-summary") == "Mapping event: Walk along the river"
    assert re.match(rf"Code {event.code_display}: until .+, this phone may send more reports\.$",
                    page.text_content("#event-code-state"))
    assert in_thread(lambda: Report.objects.count()) == 0

    page.reload()  # kept on the phone
    page.wait_for_selector("#event-code.active")
    headers = sent_headers(page)
    fill_report(page)
    page.click("#submit-button")
    page.wait_for_url(re.compile(r"/reports/\d+/\?receipt="))
    assert headers[0]["x-event-code"] == event.code
    assert page.errors == []


def test_a_code_the_server_refuses_is_said_so_and_the_report_goes_without_it(phone):
    event = in_thread(lambda: mapping_event_make(name="Walk along the river"))
    page = phone()
    page.click("#event-code summary")
    page.fill("#event-code-input", event.code)
    page.press("#event-code-input", "Enter")
    page.wait_for_selector("#event-code.active")
    # The moderators end the event early (the code was passed on too widely).
    in_thread(lambda: MappingEvent.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now()))
    headers = sent_headers(page)
    fill_report(page)
    page.click("#submit-button")
    page.wait_for_url(re.compile(r"/reports/\d+/\?receipt="))
    assert [h.get("x-event-code") for h in headers] == [event.code, None]
    assert in_thread(lambda: Report.objects.count()) == 1

    page.goto(page.url.split("/reports/")[0] + "/submit/")
    page.wait_for_selector("#event-code[open]:not(.active)")
    assert page.text_content("#event-code-summary") == "Mapping event code refused"
    assert page.text_content("#event-code-state") == (f"The code {event.code_display} was refused: The mapping event of "
                                                      "this code is over. Reports are sent without it.")
    page.click("#event-code-remove")
    page.wait_for_function("() => document.getElementById('event-code-summary').textContent === 'Mapping event code'")
    assert page.errors == []
