"""The receipt page in real Chromium at phone size: its link is the only way back to a report,
so "Copy link" copies it and "Share" hands it to the phone's share sheet — shown only where the
phone has the Web Share API; a rejected report's reason is shown in the reader's language."""

import pytest

from tests.browser import PHONE, in_thread
from tests.factories import report_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A phone with the Web Share API (Debian's Chromium has none): what it is asked to share is kept.
FAKE_SHARE = """
navigator.share = (data) => { window.sharedData = data; return Promise.resolve(); };
navigator.canShare = (data) => !!data.url;
"""


@pytest.fixture
def receipt(new_page, live_server):
    report = in_thread(lambda: report_make(directions=[90]))
    url = f"{live_server.url}/reports/{report.pk}/?receipt={report.receipt}"

    def open_page(init_script=None, **options):
        page = new_page(**PHONE, **options)  # under the site's real Content-Security-Policy
        if init_script:
            page.add_init_script(init_script)
        page.goto(url)
        page.wait_for_selector("#receipt-copy:not([hidden])")
        return page

    return open_page, url


def test_copy_link_puts_the_receipt_link_on_the_clipboard(receipt):
    open_page, url = receipt
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    assert page.input_value("#receipt-link") == url
    page.click("#receipt-copy")
    page.wait_for_selector("#receipt-copied:has-text('Link copied.')")
    assert page.evaluate("() => navigator.clipboard.readText()") == url
    assert page.errors == [] and not [text for text in page.console if "Content Security Policy" in text]


def test_share_is_hidden_where_the_phone_cannot_share(receipt):
    open_page, _url = receipt
    page = open_page(init_script="delete Navigator.prototype.share; delete Navigator.prototype.canShare;")
    assert page.evaluate("() => 'share' in navigator") is False
    assert page.is_hidden("#receipt-share") and page.is_visible("#receipt-copy")


def test_share_hands_the_link_to_the_share_sheet_where_the_phone_has_one(receipt):
    open_page, url = receipt
    page = open_page(init_script=FAKE_SHARE)
    assert page.is_visible("#receipt-share")
    page.click("#receipt-share")
    shared = page.evaluate("() => window.sharedData")
    assert shared["url"] == url
    assert shared["title"].startswith("Report #") and "only way back" in shared["text"]
    assert page.errors == []
