"""The moderation endpoints of the API contract, as a moderator uses them."""

import pytest
from django.contrib.gis.geos import Point

from cameramap.cameras.models import Camera, Report
from cameramap.cameras.history import Action, ModerationEvent
from cameramap.moderation.services import report_attach, report_precheck, review_lock_take
from tests.factories import camera_make, report_make
from tests.moderation.conftest import other_moderator, photo_make, trusted, volunteer  # noqa: F401 (fixtures)
from tests.moderation.test_dedup_scoring import moved

pytestmark = pytest.mark.django_db
LON, LAT = 20.4573, 44.8176


@pytest.fixture
def api(moderator_api):
    return moderator_api


def test_pending_reports_are_listed_oldest_first(api, photo_make):
    first = report_make()
    photo_make(first, state="failed")
    report_precheck(report_id=first.pk)
    second = report_make(lon=LON + 0.01)
    report_make(status="rejected")

    response = api.get("/api/v1/moderation/reports/?status=pending")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [r["id"] for r in body["results"]] == [first.pk, second.pk]
    row = body["results"][0]
    assert row["location"] == {"type": "Point", "coordinates": [LON, LAT]}
    assert row["flags"] == ["photos_failed"] and row["photos"] == 1
    assert row["suggestion"] == {"action": "new", "camera": None, "score": None}
    assert api.get("/api/v1/moderation/reports/?status=rejected").json()["count"] == 1


def test_a_bad_status_filter_is_a_400_naming_the_field(api):
    response = api.get("/api/v1/moderation/reports/?status=lost")
    assert response.status_code == 400
    assert "status" in response.json()


def test_report_detail_has_photos_private_gps_prechecks_and_candidates(api, photo_make, volunteer):
    camera = camera_make(**dict(zip(("lon", "lat"), moved(LON, LAT, 5, 90))), directions=[90])
    report = report_make(lon=LON, lat=LAT, directions=[80], accuracy_m=6, contributor=volunteer, notes="by the school")
    photo_make(report, exif=Point(*moved(LON, LAT, 25, 180), srid=4326), heading=260.0)
    report_precheck(report_id=report.pk)

    response = api.get(f"/api/v1/moderation/reports/{report.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == report.pk and body["kind"] == "new" and body["status"] == "pending"
    assert body["notes"] == "by the school" and body["directions"] == [80]
    assert body["contributor"] == {"username": "vol", "trusted": False}
    [photo] = body["photos"]
    assert photo["exif_location"]["type"] == "Point"
    assert photo["exif_location"]["coordinates"] == pytest.approx(list(moved(LON, LAT, 25, 180)))
    assert photo["exif_heading"] == 260.0
    assert photo["image"].startswith("http://testserver/media/photos/")
    assert body["prechecks"]["photo_gps"]["max_distance_m"] == pytest.approx(25, abs=0.2)
    [candidate] = body["candidates"]
    assert candidate["camera"] == camera.pk and 0.5 < candidate["score"] <= 1
    assert candidate["distance_m"] == pytest.approx(5, abs=0.1) and candidate["direction"] == "agree"
    assert body["events"] == []


def test_approve_answers_with_the_camera_the_report_created(api, moderator):
    report = report_make(directions=[200], operator="Grad Beograd")

    response = api.post(f"/api/v1/moderation/reports/{report.pk}/approve", {}, format="json")

    assert response.status_code == 200
    camera = Camera.objects.get()
    assert response.json() == {"report": report.pk, "status": "approved", "camera": camera.pk}
    assert camera.published and camera.operator == "Grad Beograd"
    assert ModerationEvent.objects.get(report=report).moderator == moderator


def test_approve_a_correction_with_chosen_fields(api):
    camera = camera_make(operator="", directions=[90])
    report = report_make(kind="correct", camera=camera, operator="Police", directions=[120])

    bad = api.post(f"/api/v1/moderation/reports/{report.pk}/approve", {"fields": ["colour"]}, format="json")
    assert bad.status_code == 400 and "fields" in bad.json()

    response = api.post(f"/api/v1/moderation/reports/{report.pk}/approve", {"fields": ["directions"]}, format="json")
    assert response.status_code == 200 and response.json()["camera"] == camera.pk
    camera.refresh_from_db()
    assert camera.directions == [120] and camera.operator == ""


def test_reject_needs_a_reason(api):
    report = report_make()

    missing = api.post(f"/api/v1/moderation/reports/{report.pk}/reject", {}, format="json")
    assert missing.status_code == 400
    assert missing.json() == {"reason": ["This field is required."]}
    unknown = api.post(f"/api/v1/moderation/reports/{report.pk}/reject", {"reason": "ugly"}, format="json")
    assert unknown.status_code == 400 and "reason" in unknown.json()
    other = api.post(f"/api/v1/moderation/reports/{report.pk}/reject", {"reason": "other"}, format="json")
    assert other.status_code == 400 and other.json() == {"text": ["Say why the report is rejected."]}
    assert Report.objects.get(pk=report.pk).status == "pending"

    done = api.post(f"/api/v1/moderation/reports/{report.pk}/reject", {"reason": "not_a_camera", "text": "a lamp"}, format="json")
    assert done.status_code == 200
    assert done.json() == {"report": report.pk, "status": "rejected", "camera": None}


def test_merge_names_the_camera(api):
    camera = camera_make()
    report = report_make()

    missing = api.post(f"/api/v1/moderation/reports/{report.pk}/merge", {}, format="json")
    assert missing.status_code == 400 and "camera" in missing.json()
    nowhere = api.post(f"/api/v1/moderation/reports/{report.pk}/merge", {"camera": 987654}, format="json")
    assert nowhere.status_code == 404 and nowhere.json() == {"camera": ["There is no camera 987654."]}
    wrong_type = api.post(f"/api/v1/moderation/reports/{report.pk}/merge", {"camera": "x"}, format="json")
    assert wrong_type.status_code == 400 and "camera" in wrong_type.json()

    response = api.post(f"/api/v1/moderation/reports/{report.pk}/merge", {"camera": camera.pk}, format="json")
    assert response.status_code == 200
    assert response.json() == {"report": report.pk, "status": "merged", "camera": camera.pk}
    assert Camera.objects.get(pk=camera.pk).confirmations == 2


def test_deciding_twice_or_someone_elses_report_is_a_409(api, other_moderator):
    report = report_make()
    assert api.post(f"/api/v1/moderation/reports/{report.pk}/reject", {"reason": "abuse"}, format="json").status_code == 200
    again = api.post(f"/api/v1/moderation/reports/{report.pk}/approve", {}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "decided"

    taken = report_make()
    review_lock_take(report=taken, moderator=other_moderator)
    locked = api.post(f"/api/v1/moderation/reports/{taken.pk}/approve", {}, format="json")
    assert locked.status_code == 409 and locked.json()["code"] == "locked"
    assert "mod2" in locked.json()["detail"]
    assert api.post(f"/api/v1/moderation/reports/{taken.pk}/lock").status_code == 409


def test_lock_and_release_through_the_api(api, moderator):
    report = report_make()
    taken = api.post(f"/api/v1/moderation/reports/{report.pk}/lock")
    assert taken.status_code == 200 and taken.json()["moderator"] == "mod"
    listed = api.get("/api/v1/moderation/reports/").json()["results"][0]
    assert listed["lock"]["moderator"] == "mod"
    assert api.delete(f"/api/v1/moderation/reports/{report.pk}/lock").status_code == 204
    assert api.get("/api/v1/moderation/reports/").json()["results"][0]["lock"] is None


def test_unknown_report_is_a_404(api):
    assert api.get("/api/v1/moderation/reports/999999/").status_code == 404
    assert api.post("/api/v1/moderation/reports/999999/approve", {}, format="json").status_code == 404


def test_camera_merge_and_split_endpoints(api, moderator):
    keep, dup = camera_make(), camera_make(lon=LON + 0.00003)
    sighting = report_make()
    report_attach(report=sighting, camera=dup, moderator=moderator)

    itself = api.post(f"/api/v1/moderation/cameras/{dup.pk}/merge", {"into": dup.pk}, format="json")
    assert itself.status_code == 409 and itself.json() == {"into": ["A camera cannot be merged into itself."]}
    merged = api.post(f"/api/v1/moderation/cameras/{dup.pk}/merge", {"into": keep.pk}, format="json")
    assert merged.status_code == 200 and merged.json() == {"camera": keep.pk, "merged": dup.pk}
    assert Camera.objects.get(pk=dup.pk).merged_into_id == keep.pk

    missing = api.post(f"/api/v1/moderation/cameras/{keep.pk}/split", {"reports": [sighting.pk, 999999]}, format="json")
    assert missing.status_code == 404 and missing.json() == {"reports": ["There is no report 999999."]}
    empty = api.post(f"/api/v1/moderation/cameras/{keep.pk}/split", {"reports": []}, format="json")
    assert empty.status_code == 400 and "reports" in empty.json()
    split = api.post(f"/api/v1/moderation/cameras/{keep.pk}/split", {"reports": [sighting.pk]}, format="json")
    assert split.status_code == 201
    new = split.json()["camera"]
    assert split.json() == {"camera": new, "from": keep.pk, "reports": [sighting.pk]}
    assert Report.objects.get(pk=sighting.pk).camera_id == new

    history = api.get(f"/api/v1/moderation/cameras/{keep.pk}/history/")
    assert history.status_code == 200
    # newest first; the attach happened on the duplicate, whose history came along with the merge
    assert [e["action"] for e in history.json()["results"]] == [Action.SPLIT, Action.MERGE, Action.ATTACH]


def test_the_list_does_not_query_per_report(api, photo_make, django_assert_max_num_queries):
    for i in range(8):
        photo_make(report_make(lon=LON + i * 0.001))
    with django_assert_max_num_queries(8):
        response = api.get("/api/v1/moderation/reports/")
    assert response.status_code == 200 and response.json()["count"] == 8


def test_the_openapi_schema_documents_the_moderation_endpoints(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/v1/moderation/reports/", "/api/v1/moderation/reports/{id}/",
                 "/api/v1/moderation/cameras/{id}/split"):
        assert any(p.rstrip("/") == path.rstrip("/") for p in paths), path


def test_out_of_range_ids_are_a_clear_400_or_404_not_a_500(api):
    report = report_make()
    huge = 10**30
    merge = api.post(f"/api/v1/moderation/reports/{report.pk}/merge", {"camera": huge}, format="json")
    assert merge.status_code == 400 and "camera" in merge.json()
    split = api.post(f"/api/v1/moderation/cameras/{camera_make().pk}/split", {"reports": [huge]}, format="json")
    assert split.status_code == 400 and "reports" in split.json()
    assert api.get(f"/api/v1/moderation/reports/{huge}/").status_code == 404
    assert api.post(f"/api/v1/moderation/reports/{huge}/reject", {"reason": "abuse"}, format="json").status_code == 404
    text = api.post(f"/api/v1/moderation/reports/{report.pk}/reject", {"reason": "other", "text": "x" * 1001}, format="json")
    assert text.status_code == 400 and "text" in text.json()
    not_json = api.post(f"/api/v1/moderation/reports/{report.pk}/reject", "{broken", content_type="application/json")
    assert not_json.status_code == 400
    assert Report.objects.get(pk=report.pk).status == "pending"
