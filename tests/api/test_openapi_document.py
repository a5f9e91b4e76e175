"""The OpenAPI document tells what the API does: every bound a parameter has, every content type
and status an operation answers with. Each test pairs what the document says with what the API
does (tests/hostile/test_api_schemathesis.py generates requests from the document at large)."""

import re

import pytest
from django.urls import reverse

from api.schema import NOT_BLANK_PATTERN
from cameramap.cameras.tiles import ZOOM_MAX
from cameramap.datasets.exporters import FORMATS
from cameramap.geo import BBOX_PATTERN
from tests.factories import camera_make, report_make
from tests.web.accessibility_support import cameras_make

pytestmark = pytest.mark.django_db

FILTERED = ["/api/v1/cameras/", "/api/v1/cameras/count/", "/api/v1/tiles/{z}/{x}/{y}.mvt",
            "/api/v1/datasets/latest/cameras.{fmt}"]


@pytest.fixture
def schema(client):
    return client.get(reverse("schema"), {"format": "json"}).json()


def parameters(schema, path, method="get") -> dict:
    return {p["name"]: p for p in schema["paths"][path][method].get("parameters", [])}


# --- the filters ---------------------------------------------------------------------------------

def test_every_filtered_endpoint_documents_every_filter_with_its_type(schema):
    for path in FILTERED:
        documented = parameters(schema, path)
        assert documented["operator_type"]["schema"]["items"]["enum"] == ["unknown", "police", "city", "transport",
                                                                           "private"], path
        assert documented["bbox"]["schema"] == {"type": "string", "format": "bbox", "pattern": BBOX_PATTERN}, path
        assert documented["min_sightings"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 1_000_000}, path
        assert documented["first_seen_after"]["schema"] == {"type": "string", "format": "date"}, path
        assert documented["verified"]["schema"] == {"type": "string", "enum": ["true", "false"]}, path
        assert all(p["allowEmptyValue"] for p in documented.values() if p["in"] == "query"), path
        assert "404" in schema["paths"][path]["get"]["responses"], path  # an area that names none


def test_the_list_box_is_bounded_and_says_so(schema):
    assert "at most 10 degrees" in parameters(schema, "/api/v1/cameras/")["bbox"]["description"]
    assert "at most" not in parameters(schema, "/api/v1/cameras/count/")["bbox"]["description"]


@pytest.mark.parametrize("path", ["/api/v1/cameras/", "/api/v1/cameras/count/", "/api/v1/tiles/3/4/2.mvt",
                                  "/api/v1/datasets/latest/cameras.csv"])
def test_an_area_that_names_none_is_a_404_naming_the_filter(client, path):
    response = client.get(path, {"area": "atlantis"})

    assert response.status_code == 404
    assert response.json() == {"area": ["There is no area “atlantis”."]}


def test_an_area_and_a_bad_value_together_are_a_400(client):
    response = client.get("/api/v1/cameras/", {"area": "atlantis", "operator_type": "army"})

    assert response.status_code == 400 and set(response.json()) == {"area", "operator_type"}


def test_a_whole_number_filter_takes_no_fractions(client):
    camera_make(confirmations=3)

    assert client.get("/api/v1/cameras/count/", {"min_sightings": "2"}).json() == {"count": 1}
    assert client.get("/api/v1/cameras/count/", {"min_sightings": "2.5"}).status_code == 400


@pytest.mark.parametrize("bbox", ["20.4, 44.8, 20.5, 44.9", "2.04e1,44.8,20.5,44.9", "20.4,44.8,20.5,44.900000"])
def test_a_box_may_be_written_with_spaces_and_exponents(client, bbox):
    cameras_make()

    assert client.get("/api/v1/cameras/count/", {"bbox": bbox}).json() == {"count": 3}


@pytest.mark.parametrize("bbox", ["20.4,44.8,20_5,44.9", "20.4,44.8,20.5,\t44.9", "0x14,44.8,20.5,44.9"])
def test_what_float_reads_but_is_no_decimal_is_refused(client, bbox):
    response = client.get("/api/v1/cameras/count/", {"bbox": bbox})

    assert response.status_code == 400 and "Give four numbers" in response.json()["bbox"][0]


def test_an_empty_filter_is_the_same_as_none(client):
    cameras_make()
    empty = {name: "" for name in ("bbox", "area", "operator", "operator_type", "verified", "first_seen_after",
                                    "min_sightings", "ordering", "limit", "offset")}

    assert client.get("/api/v1/cameras/", empty).json()["count"] == 4


# --- tiles ---------------------------------------------------------------------------------------

def test_the_tile_coordinates_are_documented_with_their_bounds(schema):
    documented = parameters(schema, "/api/v1/tiles/{z}/{x}/{y}.mvt")

    assert documented["z"]["schema"] == {"type": "integer", "minimum": 0, "maximum": ZOOM_MAX}
    assert documented["x"]["schema"] == documented["y"]["schema"] == {"type": "integer", "minimum": 0,
                                                                      "maximum": 2**ZOOM_MAX - 1}
    responses = schema["paths"]["/api/v1/tiles/{z}/{x}/{y}.mvt"]["get"]["responses"]
    assert "application/json" in responses["400"]["content"] and "application/json" in responses["404"]["content"]


# --- content types -------------------------------------------------------------------------------

def test_downloads_document_each_formats_media_type(schema, client):
    camera_make()
    operation = schema["paths"]["/api/v1/datasets/latest/cameras.{fmt}"]["get"]
    documented = set(operation["responses"]["200"]["content"])

    assert parameters(schema, "/api/v1/datasets/latest/cameras.{fmt}")["fmt"]["schema"]["enum"] == list(FORMATS)
    for fmt in FORMATS:
        response = client.get(f"/api/v1/datasets/latest/cameras.{fmt}", {"operator_type": "unknown"})
        assert response.status_code == 200 and response["Content-Type"] in documented, fmt


@pytest.mark.parametrize("method", ["post", "put", "delete"])
@pytest.mark.parametrize("path", ["/api/v1/moderation/reports/%C2%84/lock/", "/api/v1/nowhere/", "/api/v1/areas/%0A1/"])
def test_anything_else_under_the_api_is_a_json_404_whatever_the_method(client, method, path):
    """Not Django's HTML pages: a POST used to meet the CSRF check's 403 page, a path with a line
    break the site's 404 page."""
    response = getattr(client, method)(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json" and response.json() == {"detail": "Not found."}


# --- authentication and state ---------------------------------------------------------------------

def test_a_wrong_token_is_a_401_saying_how_to_authenticate_even_where_none_is_needed(client, schema):
    response = client.get("/api/v1/cameras/", HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Invalid token."}
    assert "401" in schema["paths"]["/api/v1/cameras/"]["get"]["responses"]


def test_moderation_refusals_by_state_are_documented_409s(schema, moderator_api):
    keep, gone = camera_make(), camera_make(lon=20.46)
    gone.merged_into = keep
    gone.save()

    response = moderator_api.post(f"/api/v1/moderation/cameras/{gone.pk}/merge", {"into": keep.pk}, format="json")

    assert response.status_code == 409
    assert response.json() == {"camera": [f"Camera {gone.pk} was already merged into camera {keep.pk}."]}
    for path, method in [("/api/v1/moderation/cameras/{id}/merge/", "post"),
                         ("/api/v1/moderation/cameras/{id}/merge/", "get"),
                         ("/api/v1/moderation/reports/{id}/approve/", "post"),
                         ("/api/v1/moderation/photos/{id}/blur/", "put")]:
        assert "409" in schema["paths"][path][method]["responses"], (method, path)


def test_a_reason_of_other_needs_words_and_the_document_says_so(schema, moderator_api):
    report = report_make(status="pending")
    operation = schema["paths"]["/api/v1/moderation/reports/{id}/reject/"]["post"]
    other = operation["requestBody"]["content"]["application/json"]["schema"]["oneOf"][1]

    assert other["required"] == ["reason", "text"] and other["properties"]["reason"]["enum"] == ["other"]
    response = moderator_api.post(f"/api/v1/moderation/reports/{report.pk}/reject", {"reason": "other", "text": "  "},
                                  format="json")
    assert response.status_code == 400 and "text" in response.json()


def test_request_text_says_it_may_not_be_blank(schema):
    body = schema["paths"]["/api/v1/auth/token/"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    [request_body] = body.values()
    username = schema["components"]["schemas"][request_body.rsplit("/", 1)[-1]]["properties"]["username"]

    assert username["minLength"] == 1 and "u0000" in username["pattern"]


def test_the_not_blank_pattern_is_what_drf_trims_and_keeps():
    """A request text the document calls not blank is one DRF's trimming leaves something of."""
    for code in range(0x3100):
        char = chr(code)
        assert bool(re.fullmatch(NOT_BLANK_PATTERN, char)) == (char.strip() != "" and char != "\x00"), hex(code)
