"""A value that is none of a parameter's choices is refused in the same words everywhere, naming
the value and listing the valid ones, in the request's language: the camera list, the count, the
tiles, the downloads, the areas and the moderation lists, filters and bodies alike."""

import pytest

from tests.factories import report_make

pytestmark = pytest.mark.django_db

OPERATOR_TYPES = "city, police, private, transport, unknown"
ORDERINGS = "-first_seen, -id, -last_confirmed, -sightings, first_seen, id, last_confirmed, sightings"
STATUSES = "approved, merged, pending, rejected"
KINDS = "confirm, correct, gone, new"

CASES = [
    ("/api/v1/cameras/?operator_type=army", "operator_type", f"“army” is not one of: {OPERATOR_TYPES}."),
    ("/api/v1/cameras/?ordering=colour", "ordering", f"“colour” is not one of: {ORDERINGS}."),
    ("/api/v1/cameras/?verified=maybe", "verified", "“maybe” is not one of: false, true."),
    ("/api/v1/cameras/count/?operator_type=army", "operator_type", f"“army” is not one of: {OPERATOR_TYPES}."),
    ("/api/v1/cameras/count/?verified=maybe", "verified", "“maybe” is not one of: false, true."),
    ("/api/v1/tiles/3/4/2.mvt?operator_type=army", "operator_type", f"“army” is not one of: {OPERATOR_TYPES}."),
    ("/api/v1/tiles/3/4/2.mvt?verified=maybe", "verified", "“maybe” is not one of: false, true."),
    ("/api/v1/datasets/latest/cameras.csv?operator_type=army", "operator_type",
     f"“army” is not one of: {OPERATOR_TYPES}."),
    ("/api/v1/datasets/latest/cameras.csv?verified=maybe", "verified", "“maybe” is not one of: false, true."),
    ("/api/v1/areas/?kind=county", "kind", "“county” is not one of: district, service."),
    ("/api/v1/moderation/reports/?status=lost", "status", f"“lost” is not one of: {STATUSES}."),
    ("/api/v1/moderation/reports/?kind=stolen", "kind", f"“stolen” is not one of: {KINDS}."),
]


@pytest.mark.parametrize("path, field, message", CASES)
def test_a_value_outside_the_choices_is_refused_with_the_valid_ones(moderator_api, path, field, message):
    response = moderator_api.get(path)

    assert response.status_code == 400
    assert response.json() == {field: [message]}


@pytest.mark.parametrize("path, field, _message", CASES)
def test_the_refusal_is_in_the_requests_language(moderator_api, path, field, _message):
    cyrillic = moderator_api.get(path, HTTP_ACCEPT_LANGUAGE="sr").json()[field][0]
    latin = moderator_api.get(path, HTTP_ACCEPT_LANGUAGE="sr-Latn").json()[field][0]

    assert "није једно од" in cyrillic and "nije jedno od" in latin


def test_a_body_with_a_value_outside_the_choices_is_refused_alike(moderator_api):
    report = report_make(status="pending")

    response = moderator_api.post(f"/api/v1/moderation/reports/{report.pk}/reject", {"reason": "boring"},
                                  format="json")

    assert response.status_code == 400
    assert response.json()["reason"] == ["“boring” is not one of: abuse, duplicate, not_a_camera, other, "
                                         "photo_unusable, privacy, wrong_location."]
