"""Fields of view as of a day: the view each camera had then, computed from its version of that
day (where it stood, how it was turned), clipped by today's buildings."""

from contextlib import contextmanager
from datetime import date, datetime, time
from unittest import mock

import pytest
from django.core.cache import cache
from django.utils import timezone
from shapely.geometry import shape

from cameramap.cameras.models import Camera
from cameramap.exposure.services import fov_update
from cameramap.moderation.services import report_approve
from cameramap.timeline.services import camera_states_rebuild
from tests.exposure.conftest import GRID, building_m, lonlat
from tests.factories import report_make

pytestmark = pytest.mark.django_db

MARCH, OCTOBER = date(2026, 3, 2), date(2026, 10, 1)
X, Y = lonlat(0, 0)
BBOX = f"{X - 0.01},{Y - 0.01},{X + 0.01},{Y + 0.01}"


@pytest.fixture(autouse=True)
def _no_cached_views():
    cache.clear()
    yield
    cache.clear()


@contextmanager
def on(day: date):
    moment = timezone.make_aware(datetime.combine(day, time(12)))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


@pytest.fixture
def reaimed(moderator, django_capture_on_commit_callbacks):
    """A fixed camera facing east from March, turned to face west in October by an approved
    correction (an audit event); a second camera added in October."""
    def decide(report):
        with django_capture_on_commit_callbacks(execute=True):
            return report_approve(report=report, moderator=moderator)

    with on(MARCH):
        camera = decide(report_make(lon=X, lat=Y, directions=[90], camera_type="fixed", mount="wall"))
    with on(OCTOBER):
        decide(report_make(kind="correct", camera=camera, lon=X, lat=Y, directions=[270]))
        later = decide(report_make(lon=lonlat(40, 0)[0], lat=Y, directions=[0], camera_type="fixed"))
    camera_states_rebuild()
    fov_update()
    camera.refresh_from_db()
    assert camera.directions == [270] and camera.events.filter(action="correct", data__old__directions=[90]).exists()
    return {"camera": camera, "later": later}


def views(client, **params) -> dict[int, object]:
    """The /fields-of-view/ answer as {camera id: Shapely geometry in metres around the origin}."""
    response = client.get("/api/v1/fields-of-view/", {"bbox": BBOX, **params})
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/geo+json")
    return {f["id"]: GRID.to_metres(shape(f["geometry"])) for f in response.json()["features"]}


def detail_fov(client, camera_id: int, **params):
    response = client.get(f"/api/v1/cameras/{camera_id}/", params)
    assert response.status_code == 200, response.content
    fov = response.json()["properties"]["fov"]
    return GRID.to_metres(shape(fov)) if fov is not None else None


def test_a_reaimed_camera_shows_the_view_it_had_that_day(client, reaimed):
    camera = reaimed["camera"]
    then, today = views(client, as_of="2026-03-05"), views(client)

    assert set(then) == {camera.pk}  # the camera added in October is absent
    assert set(today) == {camera.pk, reaimed["later"].pk}
    assert then[camera.pk].centroid.x > 5 and abs(then[camera.pk].centroid.y) < 1  # faced east
    assert today[camera.pk].centroid.x < -5  # faces west now
    assert then[camera.pk].area == pytest.approx(today[camera.pk].area, rel=0.01)  # the same model: 60° by 30 m
    assert then[camera.pk].bounds[2] == pytest.approx(30, abs=0.5)

    assert detail_fov(client, camera.pk, as_of="2026-03-05").equals_exact(then[camera.pk], 1e-3)
    assert detail_fov(client, camera.pk).equals_exact(today[camera.pk], 1e-3)
    assert views(client, as_of=OCTOBER.isoformat())[camera.pk].centroid.x < -5  # the day of the correction
    # A second asking is answered from the cache with the same polygon.
    assert views(client, as_of="2026-03-05")[camera.pk].equals_exact(then[camera.pk], 1e-9)


def test_the_view_of_a_past_day_is_clipped_by_todays_buildings(client, reaimed):
    building_m(1, 10, -50, 20, 50)  # a wall 10 m east of the camera, mapped today

    then = views(client, as_of="2026-03-05")[reaimed["camera"].pk]

    assert then.bounds[2] < 11  # the camera sees no further than the wall
    assert detail_fov(client, reaimed["camera"].pk, as_of="2026-03-05").equals_exact(then, 1e-3)


def test_the_filters_and_the_limit_apply_as_of_a_day(client, reaimed, settings):
    camera = reaimed["camera"]
    assert views(client, as_of="2026-03-05", camera_type="dome") == {}
    settings.API_MAX_PAGE_SIZE = 1
    assert set(views(client, as_of="2026-10-02")) == {min(camera.pk, reaimed["later"].pk)}
    bad = client.get("/api/v1/fields-of-view/", {"bbox": BBOX, "as_of": "2025-01-01"})
    assert bad.status_code == 400 and "as_of" in bad.json()


def test_a_camera_the_model_gives_no_view_has_none_that_day(client, reaimed):
    Camera.objects.filter(pk=reaimed["camera"].pk).update(surveillance="indoor")
    camera_states_rebuild()

    assert reaimed["camera"].pk not in views(client, as_of="2026-10-02")
    assert detail_fov(client, reaimed["camera"].pk, as_of="2026-10-02") is None


def test_as_of_is_in_the_openapi_document_of_the_fields_of_view(client):
    paths = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    parameters = {p["name"]: p for p in paths["/api/v1/fields-of-view/"]["get"]["parameters"]}
    assert parameters["as_of"]["schema"] == {"type": "string", "format": "date"}
    assert parameters["bbox"]["required"] is True
