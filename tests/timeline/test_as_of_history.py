"""The data as of a day: cameras created, corrected, merged and removed on known days; what the
API says as of each day equals what it said on that day."""

from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from cameramap.cameras.models import Camera
from cameramap.moderation.services import camera_merge, report_approve
from cameramap.timeline.models import CameraState
from cameramap.timeline.services import camera_states_rebuild
from tests.factories import camera_make, report_make

pytestmark = pytest.mark.django_db

DAYS = [date(2026, 3, 2), date(2026, 3, 5), date(2026, 3, 10), date(2026, 3, 12), date(2026, 3, 15)]


@contextmanager
def on(day: date, hour: int = 12):
    """Everything inside happens at noon of ``day`` (the site's time zone)."""
    moment = timezone.make_aware(datetime.combine(day, time(hour)))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def listed(client, **params) -> dict[int, dict]:
    response = client.get("/api/v1/cameras/", {"limit": 100, **params})
    assert response.status_code == 200, response.content
    return {f["id"]: {**f["properties"], "coordinates": f["geometry"]["coordinates"]} for f in response.json()["features"]}


def counted(client, **params) -> int:
    response = client.get("/api/v1/cameras/count/", params)
    assert response.status_code == 200, response.content
    return response.json()["count"]


@pytest.fixture
def history(client, moderator, django_capture_on_commit_callbacks):
    """Five days of a camera's life; returns what the API showed at the end of each day."""
    seen = {}

    def decide(report):
        with django_capture_on_commit_callbacks(execute=True):
            return report_approve(report=report, moderator=moderator)

    with on(DAYS[0]):
        imported = camera_make(source="osm", osm_type="node", osm_id=7, operator="", first_seen=None,
                               last_confirmed=None, imported_at=timezone.now())
        crowd = decide(report_make(lon=20.4600, lat=44.8100, directions=[90], operator="Grad Beograd",
                                   operator_type="city", mount="pole"))
        camera_states_rebuild()  # an installation's first rebuild: the imported camera has no event
        seen[DAYS[0]] = listed(client)
    with on(DAYS[1]):
        decide(report_make(kind="correct", camera=imported, lon=imported.location.x, lat=imported.location.y,
                           operator="Police", operator_type="police", camera_type="dome"))
        seen[DAYS[1]] = listed(client)
    with on(DAYS[2]):
        twin = decide(report_make(lon=20.46001, lat=44.81001, directions=[270], manufacturer="Hikvision"))
        seen[DAYS[2]] = listed(client)
    with on(DAYS[3]):
        with django_capture_on_commit_callbacks(execute=True):
            camera_merge(camera=twin, into=crowd, moderator=moderator)
        seen[DAYS[3]] = listed(client)
    with on(DAYS[4]):
        decide(report_make(kind="gone", camera=crowd, lon=20.4600, lat=44.8100))
        seen[DAYS[4]] = listed(client)
    return {"days": seen, "imported": imported, "crowd": crowd, "twin": twin}


def test_the_cameras_as_of_each_day_are_what_the_api_showed_that_day(client, history):
    for day, then in history["days"].items():
        assert listed(client, as_of=day.isoformat()) == then, day


def test_the_versions_rebuilt_from_the_audit_trail_alone_are_the_same(client, history):
    before = {day: listed(client, as_of=day.isoformat()) for day in DAYS}
    camera_states_rebuild()
    assert {day: listed(client, as_of=day.isoformat()) for day in DAYS} == before


def test_a_day_between_two_changes_shows_the_earlier_one(client, history):
    assert listed(client, as_of="2026-03-04") == history["days"][DAYS[0]]
    assert listed(client, as_of="2026-03-11") == history["days"][DAYS[2]]


def test_what_changed_is_shown_as_it_was(client, history):
    imported, crowd, twin = history["imported"], history["crowd"], history["twin"]
    first, corrected = listed(client, as_of="2026-03-02"), listed(client, as_of="2026-03-05")
    assert (first[imported.pk]["operator"], first[imported.pk]["verified"]) == ("", False)
    assert (corrected[imported.pk]["operator"], corrected[imported.pk]["camera_type"]) == ("Police", "dome")
    assert corrected[imported.pk]["verified"] is True and corrected[imported.pk]["sightings"] == 2
    assert twin.pk in listed(client, as_of="2026-03-10") and twin.pk not in listed(client, as_of="2026-03-12")
    merged = listed(client, as_of="2026-03-12")[crowd.pk]
    assert (merged["sightings"], merged["directions"], merged["manufacturer"]) == (2, [90, 270], "Hikvision")
    assert listed(client, as_of="2026-03-12")[crowd.pk]["status"] == "present"
    assert listed(client)[crowd.pk]["status"] == "removed"
    assert listed(client, as_of="2026-03-15")[crowd.pk]["status"] == "removed"


def test_counts_filters_and_the_detail_follow_the_day(client, history):
    crowd, twin = history["crowd"], history["twin"]
    assert [counted(client, as_of=d.isoformat()) for d in DAYS] == [2, 2, 3, 2, 2]
    assert counted(client, as_of="2026-03-02", verified="true") == 1
    assert counted(client, as_of="2026-03-05", verified="true") == 2
    assert counted(client, as_of="2026-03-05", operator_type="police") == 1
    assert counted(client, as_of="2026-03-02", operator_type="police") == 0
    detail = client.get(f"/api/v1/cameras/{twin.pk}/", {"as_of": "2026-03-10"})
    assert detail.status_code == 200 and detail.json()["properties"]["manufacturer"] == "Hikvision"
    assert client.get(f"/api/v1/cameras/{twin.pk}/").status_code == 301  # merged today
    gone = client.get(f"/api/v1/cameras/{crowd.pk}/", {"as_of": "2026-03-12"})
    assert gone.status_code == 200 and gone.json()["properties"]["status"] == "present"


def test_a_day_in_the_future_or_before_the_first_record_is_refused(client, history):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    for value, code in ((tomorrow, "future"), ("2026-03-01", "before_first"), ("2026-02-30", "invalid"), ("soon", "invalid")):
        response = client.get("/api/v1/cameras/", {"as_of": value})
        assert response.status_code == 400, value
        assert "as_of" in response.json(), response.json()
    assert client.get("/api/v1/cameras/count/", {"as_of": tomorrow}).status_code == 400
    assert client.get("/api/v1/tiles/0/0/0.mvt", {"as_of": "2026-03-01"}).status_code == 400
    assert client.get("/api/v1/areas/stats/", {"as_of": tomorrow}).status_code == 400


def test_versions_are_kept_only_for_what_the_public_saw(history):
    twin = history["twin"]
    assert list(CameraState.objects.filter(id=twin.pk).values_list("valid_from", "valid_to")) == [
        (date(2026, 3, 10), date(2026, 3, 12))]
    assert not Camera.objects.get(pk=twin.pk).published


def test_statistics_and_downloads_follow_the_day(client, history):
    stats = {d: client.get("/api/v1/areas/stats/", {"as_of": d.isoformat()}).json()["city"] for d in DAYS}
    # Removed cameras are history, not surveillance: the crowd camera stops counting on the 15th.
    assert [stats[d]["cameras"] for d in DAYS] == [2, 2, 3, 2, 1]
    assert [stats[d]["verified"] for d in DAYS] == [1, 2, 3, 2, 1]
    assert client.get("/api/v1/areas/stats.csv", {"as_of": "2026-03-10"}).status_code == 200
    response = client.get("/api/v1/datasets/latest/cameras.geojson", {"as_of": "2026-03-10"})
    assert response.status_code == 200
    import json

    body = json.loads(b"".join(response.streaming_content) if response.streaming else response.content)
    assert sorted(f["properties"]["id"] for f in body["features"]) == sorted(history["days"][DAYS[2]])
    csv_text = b"".join(client.get("/api/v1/datasets/latest/cameras.csv", {"as_of": "2026-03-02"}).streaming_content)
    assert len(csv_text.decode().strip().splitlines()) == 1 + 2


def tile_ids(client, **params) -> set[int]:
    import mapbox_vector_tile

    from cameramap.cameras.tiles import Tile

    tile = Tile(18, 145_970, 94_495)  # at the crowd camera (20.46, 44.81): one point per camera
    response = client.get(f"/api/v1/tiles/{tile.z}/{tile.x}/{tile.y}.mvt", params)
    assert response.status_code == 200
    layer = mapbox_vector_tile.decode(response.content).get("cameras", {"features": []})
    return {f["properties"]["id"] for f in layer["features"]}


def test_tiles_follow_the_day(client, history):
    imported, crowd, twin = history["imported"], history["crowd"], history["twin"]
    assert tile_ids(client, as_of="2026-03-10") == {crowd.pk, twin.pk}
    assert tile_ids(client, as_of="2026-03-12") == {crowd.pk}
    assert tile_ids(client) == {crowd.pk}
    assert imported.pk not in tile_ids(client, as_of="2026-03-02")


def test_as_of_is_in_the_openapi_document_wherever_it_is_taken(client):
    paths = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    for path in ("/api/v1/cameras/", "/api/v1/cameras/count/", "/api/v1/cameras/{camera_id}/",
                 "/api/v1/tiles/{z}/{x}/{y}.mvt", "/api/v1/areas/stats/", "/api/v1/areas/{id}/stats/",
                 "/api/v1/areas/exposure/", "/api/v1/datasets/latest/cameras.{fmt}"):
        parameters = {p["name"]: p for p in paths[path]["get"]["parameters"]}
        assert parameters["as_of"]["schema"] == {"type": "string", "format": "date"}, path


def test_an_openstreetmap_update_is_in_the_audit_trail_and_a_past_day_shows_the_camera_before_it(
        client, django_capture_on_commit_callbacks):
    """A re-import that changes a camera's tags and moves it writes a correction with what it was:
    the day before shows the old operator and place, the day of it the new ones, and a rebuild
    from the audit trail alone gives the same versions."""
    from cameramap.cameras.history import camera_history
    from cameramap.datasets.osm_import import cameras_import
    from cameramap.datasets.osm_records import OsmCamera

    tags = {"man_made": "surveillance", "surveillance:type": "camera", "operator": "Grad Beograd"}
    with on(DAYS[0]):
        cameras_import([OsmCamera("node", 42, 20.4601, 44.8101, dict(tags), version=1)])
        camera = Camera.objects.get(osm_id=42)
        assert camera.operator_type == "city"
        camera_states_rebuild()
    with on(DAYS[2]), django_capture_on_commit_callbacks(execute=True):  # the versions follow the event
        counts = cameras_import([OsmCamera("node", 42, 20.4605, 44.8103, {**tags, "operator": "MUP Srbije",
                                                                         "camera:type": "dome"}, version=2)])
        assert counts["updated"] == 1
    event = camera_history(camera).first()
    assert event.action == "correct" and event.moderator is None and event.data["via"] == "osm_import"
    assert event.data["old"]["operator"] == "Grad Beograd" and event.data["new"]["operator"] == "MUP Srbije"
    assert event.data["old"]["location"] == [20.4601, 44.8101]

    def shown(day):
        return listed(client, as_of=day.isoformat())[camera.pk]

    with on(DAYS[4]):
        before, after = shown(DAYS[1]), shown(DAYS[2])
        assert (before["operator"], before["camera_type"], before["coordinates"]) == ("Grad Beograd", "", [20.4601, 44.8101])
        assert (after["operator"], after["camera_type"], after["coordinates"]) == ("MUP Srbije", "dome", [20.4605, 44.8103])
        kept = sorted(CameraState.objects.filter(id=camera.pk).values_list("valid_from", "valid_to", "operator"))
        camera_states_rebuild()
        assert sorted(CameraState.objects.filter(id=camera.pk).values_list("valid_from", "valid_to", "operator")) == kept
        assert kept == [(DAYS[0], DAYS[2], "Grad Beograd"), (DAYS[2], None, "MUP Srbije")]


def test_the_map_headline_counts_the_cameras_of_the_day_shown(client, history):
    """The headline above the map says how many cameras there were on the day shown, verified and
    imported, from the address and through /map/summary for the timeline; a bad day is a 400."""
    with on(DAYS[4]):
        first = client.get("/", {"as_of": DAYS[0].isoformat()}).content.decode()
        assert "As of March 2, 2026: 2 cameras: 1 verified by volunteers, 1 imported from OpenStreetMap" in first
        today = client.get("/map/summary").json()["summary"]
        assert today.startswith("2 cameras: 2 verified by volunteers")  # the imported one seen since; the twin merged
        then = client.get("/map/summary", {"as_of": DAYS[2].isoformat()}).json()["summary"]
        assert then == "As of March 10, 2026: 3 cameras: 3 verified by volunteers"  # the correction of 5 March verified it
        assert client.get("/map/summary", {"as_of": "2099-01-01"}).status_code == 400
        serbian = client.get("/map/summary", {"as_of": DAYS[2].isoformat()}, HTTP_ACCEPT_LANGUAGE="sr").json()["summary"]
        assert serbian.startswith("Стање на дан 10. март 2026.: 3 камере")
