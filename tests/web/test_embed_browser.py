"""The embed in real Chromium, as another site shows it: a plain HTML page served from a second
web server (another port, so another origin) that puts /embed/ in an <iframe>. Under the site's
real Content-Security-Policy: the embed may be framed, the map page may not. And the map page's
"Embed this map" gives the code of the view shown."""

import functools
import http.server
import threading
from html import escape

import pytest

from tests.factories import camera_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEW = "z=17&lat=44.8176&lon=20.4573"


@pytest.fixture
def other_site(tmp_path):
    """other_site(html) → the URL of a page with that body, served from 127.0.0.1 on a port of its own."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def page(body: str) -> str:
        (tmp_path / "news.html").write_text(f"<!doctype html><title>News</title><h1>Our story</h1>{body}")
        return f"http://127.0.0.1:{server.server_address[1]}/news.html"

    yield page
    server.shutdown()
    server.server_close()


def test_the_embed_shows_the_map_inside_another_sites_page(live_server, new_page, other_site):
    cameras = [camera_make(lon=20.4573, lat=44.8176, operator_type="police"),
               camera_make(lon=20.4590, lat=44.8170, operator_type="city")]
    assert live_server.url.startswith("http://localhost:")  # the other site is 127.0.0.1: another origin
    url = other_site(f'<iframe id="embed" src="{escape(live_server.url)}/embed/?{escape(VIEW)}" width="600" height="400"></iframe>'
                     f'<iframe id="full" src="{escape(live_server.url)}/?{escape(VIEW)}" width="600" height="400"></iframe>')
    page = new_page()  # the real policy: no bypass_csp
    page.goto(url)

    embed = page.frame_locator("#embed")
    markers = embed.locator(".cam-marker[data-camera-id]")
    markers.first.wait_for()
    embed.locator(f'.cam-marker[data-camera-id="{cameras[1].id}"]').wait_for()
    assert markers.count() == 2
    embed.locator("#match-count[data-count='2']").wait_for()
    full_link = embed.get_by_test_id("full-map")
    assert full_link.get_attribute("href").startswith("/?z=17&lat=44.8")
    assert full_link.get_attribute("target") is None  # <base target="_blank">: opens outside the frame
    # The map page itself refuses to be framed: Chromium puts its error page in that frame instead.
    full = page.locator("#full").element_handle().content_frame()
    assert full.url.startswith("chrome-error://") and full.locator("#map").count() == 0
    assert not [m for m in page.console if "Content Security Policy" in m and "/embed/" in m]


def test_embed_this_map_gives_the_iframe_code_of_the_view(live_server, new_page):
    camera_make(lon=20.4573, lat=44.8176, operator_type="police")
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"{live_server.url}/?{VIEW}&operator_type=police")
    page.locator(".cam-marker[data-camera-id]").first.wait_for()
    page.get_by_text("Embed this map").click()
    code = page.locator("#embed-code")
    assert code.input_value().startswith(f'<iframe src="{live_server.url}/embed/?operator_type=police&amp;z=17&amp;lat=44.81760')
    assert 'width="640" height="480"' in code.input_value()
    page.locator("#embed-copy").click()
    page.get_by_text("The code is copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == code.input_value()
    assert page.locator("#embed-preview").get_attribute("href").startswith("/embed/?operator_type=police&z=17")
    assert page.errors == []
