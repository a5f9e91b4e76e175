"""Every list pages alike (api/pagination.py): `limit` from 1, capped at API_MAX_PAGE_SIZE however
many digits it has; `offset` from 0 to MAX_OFFSET; anything else a 400 naming the parameter, never
a 500; and the OpenAPI document says so on each list."""

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.settings import api_settings

from api.pagination import MAX_OFFSET, GeoJsonLimitOffsetPagination, LimitOffsetPagination
from cameramap.datasets.releases import release_start
from cameramap.moderation.services import report_attach
from tests.factories import camera_make, report_make

pytestmark = pytest.mark.django_db

HUGE = "1252495075897711405644702938038272"  # 34 digits: overflowed the database's integers


@pytest.fixture
def lists(moderator):
    """Each list with a row or two in it: its path, and where its rows are in the body."""
    camera = camera_make()
    report_attach(report=report_make(), camera=camera, moderator=moderator)
    report_make(status="pending")
    release_start()
    return {
        "/api/v1/cameras/": "features",
        "/api/v1/datasets/": "results",
        "/api/v1/moderation/reports/": "results",
        f"/api/v1/moderation/cameras/{camera.pk}/history/": "results",
    }


def test_every_list_pages_through_the_one_paginator():
    assert api_settings.DEFAULT_PAGINATION_CLASS is LimitOffsetPagination
    assert issubclass(GeoJsonLimitOffsetPagination, LimitOffsetPagination)


@pytest.mark.parametrize("query", [f"limit={HUGE}", f"offset=0&limit={HUGE}", "limit=" + "9" * 5000])
def test_a_limit_of_any_size_is_capped_on_every_list(moderator_api, lists, query):
    for path, rows in lists.items():
        response = moderator_api.get(f"{path}?{query}")

        assert response.status_code == 200, (path, response.content[:300])
        assert len(response.json()[rows]) >= 1
        assert response.json()["next"] is None


@pytest.mark.parametrize(
    "query, field, message",
    [
        ("offset=-84377918&limit=52516754367892146618903931387904", "offset", "Must be at least 0."),
        (f"offset={MAX_OFFSET + 1}", "offset", f"Must be at most {MAX_OFFSET}."),
        (f"offset={HUGE}", "offset", f"Must be at most {MAX_OFFSET}."),
        ("limit=0", "limit", "Must be at least 1."),
        ("limit=-5", "limit", "Must be at least 1."),
        ("limit=abc", "limit", "A whole number is required."),
        ("limit=1.5", "limit", "A whole number is required."),
        ("limit=²", "limit", "A whole number is required."),  # a digit to str.isdigit(), not to int()
        ("offset=null", "offset", "A whole number is required."),
    ],
)
def test_a_bad_limit_or_offset_is_a_400_naming_it_on_every_list(moderator_api, lists, query, field, message):
    for path in lists:
        response = moderator_api.get(f"{path}?{query}")

        assert response.status_code == 400, (path, response.content[:300])
        assert response.json() == {field: [message]}


def test_an_empty_limit_or_offset_is_the_default(moderator_api, lists):
    for path, rows in lists.items():
        response = moderator_api.get(f"{path}?limit=&offset=")

        assert response.status_code == 200 and len(response.json()[rows]) >= 1


def test_pages_follow_each_other(moderator_api):
    for lon in (20.45, 20.46, 20.47):
        camera_make(lon=lon)

    first = moderator_api.get("/api/v1/cameras/?limit=2&ordering=id").json()
    second = moderator_api.get(first["next"]).json()

    assert first["count"] == second["count"] == 3
    assert len(first["features"]) == 2 and len(second["features"]) == 1 and second["next"] is None


def test_the_openapi_document_states_the_bounds_on_every_list(client):
    schema = client.get(reverse("schema"), {"format": "json"}).json()
    lists = ["/api/v1/cameras/", "/api/v1/datasets/", "/api/v1/moderation/reports/",
             "/api/v1/moderation/cameras/{id}/history/"]
    for path in lists:
        parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        assert parameters["limit"]["schema"] == {"type": "integer", "minimum": 1}, path
        assert parameters["offset"]["schema"] == {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET}, path
        assert parameters["limit"]["allowEmptyValue"] and parameters["offset"]["allowEmptyValue"]
        assert str(settings.API_MAX_PAGE_SIZE) in parameters["limit"]["description"]
        assert "400" in schema["paths"][path]["get"]["responses"]
