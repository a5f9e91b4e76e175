"""/api/v1/docs/ in real Chromium under the site's own Content-Security-Policy (no bypass): Swagger
UI lists every operation of the OpenAPI document, "Try it out" on the camera list brings back the
cameras, and the policy refuses nothing (it used to refuse Swagger UI's inline start-up code and
styles, and the page stayed blank)."""

import pytest
from django.test import Client

from tests.browser import in_thread
from tests.web.accessibility_support import cameras_make, open_page  # noqa: F401 - a fixture
from tests.web.test_csp_browser import assert_nothing_refused, csp_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

METHODS = {"get", "post", "put", "patch", "delete"}


def operations() -> set[str]:
    """Swagger UI's element id of every operation: operations-{first tag}-{operationId} (tags such
    as "official-lists" hold hyphens themselves)."""
    schema = Client().get("/api/v1/schema/", {"format": "json"}).json()
    return {f"operations-{op['tags'][0]}-{op['operationId']}"
            for item in schema["paths"].values() for method, op in item.items() if method in METHODS}


def test_api_docs_list_every_operation_under_the_sites_policy(open_page):
    documented = in_thread(operations)
    page = csp_page(open_page, "/api/v1/docs/")
    page.locator(".opblock").first.wait_for()

    shown = set(page.locator(".opblock").evaluate_all("blocks => blocks.map((b) => b.id)"))
    assert shown == documented and len(shown) >= 29
    assert page.title() == "cameramap API"
    assert_nothing_refused(page)


def test_try_it_out_on_the_camera_list_returns_the_cameras(open_page):
    in_thread(cameras_make)
    page = csp_page(open_page, "/api/v1/docs/")
    operation = page.locator("#operations-cameras-cameras_list")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    with page.expect_response(lambda response: "/api/v1/cameras/" in response.url) as answer:
        operation.get_by_role("button", name="Execute").click()

    assert answer.value.status == 200 and answer.value.json()["count"] == 4
    operation.locator(".live-responses-table .response-col_status", has_text="200").wait_for()
    assert "FeatureCollection" in operation.locator(".live-responses-table .microlight").first.text_content()
    assert_nothing_refused(page)
