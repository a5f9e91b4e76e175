"""The header of every page (base.html) in real Chromium, under the pages' real
Content-Security-Policy: on a phone one compact row — the site's name and a "Menu" disclosure
holding the navigation and the language switcher, opened and closed from the keyboard — and on
a laptop the navigation and the switcher in the row, as they always were."""

import pytest

from tests.browser import in_thread
from tests.factories import camera_make
from tests.web.accessibility_support import moderator_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_740 = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}
REPORT_VIOLATIONS = (
    "document.addEventListener('securitypolicyviolation', e => console.error('Content Security Policy refused '"
    " + e.effectiveDirective + ' ' + e.blockedURI));"
)
NAV = "header nav[aria-label] a"
SUMMARY = ".site-header details.site-menu > summary"


@pytest.fixture
def open_header(new_page, live_server):
    """open_header(path, size, locale="sr-RS", moderator=False) → the page, its header drawn."""

    def make(path: str, size: dict, *, locale: str = "sr-RS", moderator: bool = False):
        page = new_page(locale=locale, **size)
        page.context.add_init_script(REPORT_VIOLATIONS)
        if moderator:
            session = in_thread(moderator_session)
            page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        return page

    return make


def header_height(page) -> float:
    return page.evaluate("() => document.querySelector('.site-header').getBoundingClientRect().height")


def refusals(page) -> list[str]:
    page.wait_for_timeout(200)
    return [text for text in page.console if "Content Security Policy" in text]


PAGES = ["/", "/submit/", "/data/", "/cameras/{id}/", "/moderate/"]


@pytest.mark.parametrize("path", PAGES)
def test_on_a_phone_the_header_is_one_compact_row_with_a_menu(open_header, path):
    camera = in_thread(lambda: camera_make(lon=20.4573, lat=44.8176))
    page = open_header(path.format(id=camera.pk), PHONE_740, moderator=path.startswith("/moderate/"))

    assert header_height(page) <= 80  # 290 px before, with the navigation and the switcher in it
    assert page.locator(SUMMARY).is_visible() and page.locator(SUMMARY).inner_text() == "Мени"
    assert not page.locator(NAV).first.is_visible() and not page.locator("#language-select").is_visible()
    assert page.locator("main").bounding_box()["y"] <= 81  # the page itself starts right under it
    assert refusals(page) == [] and page.errors == []


def test_the_phone_menu_opens_and_closes_from_the_keyboard_and_switches_the_language(open_header):
    page = open_header("/data/", PHONE_740)

    page.keyboard.press("Tab")  # "Skip to content"
    page.keyboard.press("Tab")  # the site's name
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.matches('.site-menu > summary')")
    page.keyboard.press("Enter")
    assert page.locator(NAV).first.is_visible()
    assert page.locator("details.site-menu").get_attribute("open") is not None
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Мапа"
    page.keyboard.press("Escape")  # closes it; the focus goes back to its button
    assert not page.locator(NAV).first.is_visible()
    assert page.evaluate("() => document.activeElement.matches('.site-menu > summary')")
    page.keyboard.press("Space")
    assert page.locator(NAV).first.is_visible()
    page.mouse.click(180, 600)  # a tap elsewhere on the page closes it too
    assert not page.locator(NAV).first.is_visible()
    page.focus(SUMMARY)
    page.keyboard.press("Enter")
    assert page.locator(NAV).first.is_visible()
    for _ in range(8):  # five links, the language, its button: then out of the menu, which closes
        page.keyboard.press("Tab")
    assert not page.locator(NAV).first.is_visible()
    assert not page.evaluate("() => !!document.activeElement.closest('.site-header')")

    page.locator(SUMMARY).click()
    page.locator("#language-select").select_option("sr-latn")
    page.get_by_role("button", name="Промени језик").click()
    page.wait_for_url("**/data/")
    assert page.locator(SUMMARY).inner_text() == "Meni"
    assert header_height(page) <= 80
    assert refusals(page) == [] and page.errors == []


@pytest.mark.parametrize("path", ["/", "/submit/", "/data/", "/moderate/"])
def test_on_a_laptop_the_navigation_and_the_switcher_stay_in_the_header_row(open_header, path):
    page = open_header(path, LAPTOP, locale="en-GB", moderator=path.startswith("/moderate/"))

    assert not page.locator(SUMMARY).is_visible()
    links = page.locator(NAV)
    names = [links.nth(i).inner_text() for i in range(links.count())]
    assert names[:5] == ["Map", "Add a camera", "Least-watched walk", "Data", "API"]
    assert all(links.nth(i).is_visible() for i in range(links.count()))
    assert page.locator("#language-select").is_visible()
    brand = page.locator(".site-header .brand").bounding_box()
    switcher = page.locator("#language-select").bounding_box()
    assert abs(brand["y"] + brand["height"] / 2 - (switcher["y"] + switcher["height"] / 2)) < 12  # one row
    assert header_height(page) <= 60
    assert refusals(page) == [] and page.errors == []
