"""Debian's Chromium, driven through Playwright, for the tests marked `browser`: one browser for
the whole test session, launched by the first test that asks for it, and a fresh context (a
clean profile: cookies, storage, caches, service workers) for every page a test opens.

The fixtures are made available to every test by tests/conftest.py:

- `browser`: the session's Chromium;
- `browser_context(**options)`: a new context with Playwright's options (viewport, locale,
  geolocation and permissions, service_workers, bypass_csp…), closed after the test;
- `new_page(**options)`: a page in a context of its own, keeping what goes wrong on it.

Every request that would leave the machine (the map tiles) is answered locally with a grey PNG.
The page's Content-Security-Policy applies unless a test passes `bypass_csp=True`; the tests
that check the policy itself never do."""

import base64
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
# A 1×1 grey PNG: every map tile is answered with it, nothing leaves the machine.
TILE_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==")
LOCAL = re.compile(r"^https?://(localhost|127\.0\.0\.1)[:/]")
PHONE = {"viewport": {"width": 360, "height": 640}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
BELGRADE = {"latitude": 44.8176, "longitude": 20.4573, "accuracy": 12}  # a device position, for `geolocation`


def in_thread(work):
    """Run ORM work in a thread of its own. While Playwright's sync API is open, this thread has
    a running event loop, and Django would hand out a separate connection for it (one that
    nobody closes); a plain thread gets an ordinary connection, closed right after."""
    from django.db import connections

    def run():
        try:
            return work()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(run).result()


def browser_tests_last(items: list[pytest.Item]) -> None:
    """Move the tests that use the browser after all others, keeping the order within each part.

    Playwright's sync API keeps an event loop running in the main thread for as long as the
    browser is open, that is from the first browser test to the end of the session; any test
    run after it would see that loop (async_to_sync and asyncio.run refuse to run beside one)."""
    items.sort(key=lambda item: "browser" in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session")
def browser():
    """The session's Chromium: launched the first time a test asks for it, closed at the end."""
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        # Tests and their fixtures make their data with the ORM in this thread, beside
        # Playwright's running loop, while live_server answers the browser from its own thread.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture
def browser_context(browser):
    """browser_context(**options) → a new context, made with Playwright's `new_context` options,
    its requests off the machine answered with TILE_PNG; every one is closed after the test."""
    contexts = []

    def make(**options):
        context = browser.new_context(**options)
        contexts.append(context)
        context.route(lambda url: not LOCAL.match(url),
                      lambda route: route.fulfill(status=200, content_type="image/png", body=TILE_PNG))
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def new_page(browser_context):
    """new_page(**options) → a blank page in a new context (same options as browser_context).
    `page.errors` collects its uncaught script errors, `page.console` every console message."""

    def make(**options):
        page = browser_context(**options).new_page()
        page.errors, page.console = [], []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on("console", lambda message: page.console.append(message.text))
        return page

    return make
