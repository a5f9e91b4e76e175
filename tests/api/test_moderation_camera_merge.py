"""POST/GET /api/v1/moderation/cameras/{id}/merge: the merge preview and the merge with choices."""

import pytest

from cameramap.cameras.models import Camera
from cameramap.moderation.services import report_attach
from tests.factories import camera_make, report_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(moderator):
    keep = camera_make(directions=[110], operator="Grad Beograd", mount="")
    dup = camera_make(lon=20.45731, directions=[290], operator="MUP", mount="pole")
    report_attach(report=report_make(), camera=dup, moderator=moderator)
    return keep, dup


def test_it_previews_the_merge(moderator_api, pair):
    keep, dup = pair
    response = moderator_api.get(f"/api/v1/moderation/cameras/{dup.pk}/merge", {"into": keep.pk})

    assert response.status_code == 200
    body = response.json()
    assert body == {
        "camera": dup.pk, "into": keep.pk, "directions_before": {"source": [290], "target": [110]},
        "directions": [110, 290], "moves": {"mount": "pole"},
        "conflicts": {"operator": {"source": "MUP", "target": "Grad Beograd"}}, "choices": {"operator": "target"},
        "reports": 1, "photos": 0, "confirmations": 3, "first_seen": "2026-01-10",
        "last_confirmed": Camera.objects.get(pk=dup.pk).last_confirmed.isoformat(), "osm": None,
        "digest": body["digest"],
    }
    assert len(body["digest"]) == 32
    assert Camera.objects.get(pk=dup.pk).merged_into_id is None


def test_it_refuses_a_preview_without_a_camera_to_merge_into(moderator_api, pair):
    _keep, dup = pair
    assert moderator_api.get(f"/api/v1/moderation/cameras/{dup.pk}/merge").json() == {"into": ["This field is required."]}
    itself = moderator_api.get(f"/api/v1/moderation/cameras/{dup.pk}/merge", {"into": dup.pk})
    assert itself.status_code == 409 and itself.json() == {"into": ["A camera cannot be merged into itself."]}


def test_it_merges_with_the_moderators_choices(moderator_api, pair):
    keep, dup = pair
    digest = moderator_api.get(f"/api/v1/moderation/cameras/{dup.pk}/merge", {"into": keep.pk}).json()["digest"]

    response = moderator_api.post(f"/api/v1/moderation/cameras/{dup.pk}/merge",
                        {"into": keep.pk, "choices": {"operator": "source"}, "digest": digest}, format="json")

    assert response.status_code == 200 and response.json() == {"camera": keep.pk, "merged": dup.pk}
    keep.refresh_from_db()
    assert (keep.operator, keep.mount, keep.directions) == ("MUP", "pole", [110, 290])


def test_it_names_an_unknown_field_among_the_choices(moderator_api, pair):
    keep, dup = pair
    response = moderator_api.post(f"/api/v1/moderation/cameras/{dup.pk}/merge",
                        {"into": keep.pk, "choices": {"colour": "source"}}, format="json")
    assert response.status_code == 400 and response.json() == {"choices": ["Unknown field: colour."]}
    assert Camera.objects.get(pk=dup.pk).merged_into_id is None


def test_it_refuses_a_merge_whose_preview_changed(moderator_api, pair):
    keep, dup = pair
    digest = moderator_api.get(f"/api/v1/moderation/cameras/{dup.pk}/merge", {"into": keep.pk}).json()["digest"]
    other = camera_make(lon=20.45732, directions=[20])
    assert moderator_api.post(f"/api/v1/moderation/cameras/{other.pk}/merge", {"into": dup.pk}, format="json").status_code == 200

    response = moderator_api.post(f"/api/v1/moderation/cameras/{dup.pk}/merge", {"into": keep.pk, "digest": digest}, format="json")

    assert response.status_code == 409 and response.json()["code"] == "merge_changed"
    assert Camera.objects.get(pk=dup.pk).merged_into_id is None


def test_the_schema_documents_the_preview_and_the_choices(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    merge = schema["paths"]["/api/v1/moderation/cameras/{id}/merge/"]
    assert {p["name"] for p in merge["get"]["parameters"]} >= {"id", "into"}
    preview = merge["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert {"directions", "moves", "conflicts", "digest"} <= set(schema["components"]["schemas"][preview]["properties"])
    request = merge["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert {"into", "choices", "digest"} <= set(schema["components"]["schemas"][request]["properties"])
