"""A wrong receipt link in real Chromium, under the site's Content-Security-Policy: our page, in
the browser's language, with the 404 status, the site's header and a working language switcher;
nothing on it refused or failing, and the favicon there."""

import pytest

from tests.browser import PHONE, in_thread
from tests.factories import report_make
from tests.web.accessibility_support import axe_violations, blocking, describe, open_page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADINGS = {"en": "This receipt link is not valid", "sr": "Ова веза потврде не важи", "sr-latn": "Ova veza potvrde ne važi"}


@pytest.mark.parametrize(("locale", "language"), [("en-GB", "en"), ("sr-RS", "sr"), ("sr-Latn-RS", "sr-latn")])
def test_a_wrong_receipt_link_shows_our_translated_page_with_status_404(new_page, live_server, locale, language):
    report = in_thread(report_make)
    page = new_page(locale=locale, **PHONE)
    link = f"{live_server.url}/reports/{report.pk}/?receipt={report.receipt[:-5]}"  # copied without its end
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 and r.url != link else None)

    response = page.goto(link)

    assert response.status == 404
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").inner_text() == HEADINGS[language]
    assert page.title().startswith(HEADINGS[language])
    assert page.locator(".site-header .brand").is_visible()
    assert page.locator("#language-select").input_value() == language
    assert page.locator(".error-page a[href='/submit/']").is_visible()
    assert page.locator(".error-page").evaluate("e => getComputedStyle(e).maxWidth") != "none"  # error.css applies
    favicon = page.context.request.get(f"{live_server.url}/favicon.ico")
    assert favicon.status == 200 and favicon.headers["content-type"] == "image/vnd.microsoft.icon"
    page.wait_for_load_state("networkidle")
    assert failed == []
    assert page.errors == []
    assert [message for message in page.console if "Content Security Policy" in message] == []


def test_the_language_switcher_on_the_error_page_shows_it_again_in_the_chosen_language(new_page, live_server):
    page = new_page(locale="en-GB")
    link = f"{live_server.url}/reports/12345/?receipt=abc"
    page.goto(link)

    page.locator("#language-select").select_option("sr")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Change language").click()

    assert navigation.value.status == 404 and page.url == link
    assert page.locator("h1").inner_text() == HEADINGS["sr"]


@pytest.mark.parametrize("path", ["/reports/1/?receipt=abc", "/moderate/photos/1/unblurred.jpg"])
def test_the_error_pages_pass_axe_and_reflow_to_320_pixels(open_page, path):
    page = open_page(path, phone=True)
    assert page.response.status in (403, 404)

    violations = axe_violations(page)
    assert blocking(violations) == [], describe(blocking(violations))
    page.set_viewport_size({"width": 320, "height": 640})
    page.wait_for_function("() => window.innerWidth === 320")
    assert page.evaluate("() => document.documentElement.scrollWidth") == 320
    assert page.errors == []
