"""/route/ under axe-core (WCAG 2.1 AA and best practice), as the other pages in
test_accessibility.py: on a phone with both routes shown, and with a refusal shown."""

import pytest

from tests.browser import in_thread
from tests.exposure.conftest import lonlat
from tests.routes.conftest import dome_at, graph_build, network_build
from tests.web.accessibility_support import axe_violations, blocking, describe, open_page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def build():
    network_build()
    dome_at(100, 0, operator_type="city")
    graph_build()


def assert_accessible(page, where: str):
    violations = axe_violations(page)
    assert blocking(violations) == [], f"axe on {where}:\n{describe(blocking(violations))}"
    assert page.errors == []


def test_route_page_with_both_routes_and_with_a_refusal_passes_axe(open_page):
    in_thread(build)
    lon, lat = lonlat(0, 0)
    page = open_page("/route/", phone=True, geolocation={"latitude": lat, "longitude": lon, "accuracy": 5})
    assert_accessible(page, "the route page, empty")
    page.locator("#route-locate").click()
    page.locator("#route-start").filter(has_text=f"{lat:.5f}").wait_for()
    page.wait_for_timeout(500)
    page.locator("#route-end-centre").click()
    page.get_by_test_id("route-go").click()
    page.locator("#route-status.is-error").wait_for()
    assert_accessible(page, "the route page with a refusal")
    for _ in range(2):
        page.locator("#route-map").focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(500)
    page.locator("#route-end-centre").click()
    page.get_by_test_id("route-go").click()
    page.get_by_test_id("route-results").locator("li[data-route=least_watched]").wait_for()
    assert_accessible(page, "the route page with both routes")
