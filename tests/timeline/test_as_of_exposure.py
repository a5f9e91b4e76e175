"""Street exposure as of a day: the fields of view of the cameras of that day, on today's streets."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from cameramap.exposure.services import exposure_update, fov_update
from cameramap.timeline.services import camera_states_rebuild
from tests.exposure.conftest import grid, lonlat  # noqa: F401 (the fixture)
from tests.factories import camera_make

pytestmark = pytest.mark.django_db


def test_exposure_as_of_a_day_counts_the_cameras_of_that_day(client, grid):  # noqa: F811
    dome = camera_make(**dict(zip(("lon", "lat"), lonlat(0, 0))), camera_type="dome", operator_type="city")
    later = camera_make(**dict(zip(("lon", "lat"), lonlat(60, 0))), camera_type="dome", operator_type="city")
    for camera, day in ((dome, date(2026, 2, 1)), (later, date(2026, 4, 1))):
        type(camera).objects.filter(pk=camera.pk).update(created_at=timezone.make_aware(datetime.combine(day, time(12))))
    camera_states_rebuild()
    fov_update()
    exposure_update()

    today = client.get("/api/v1/areas/exposure/").json()["city"]["exposure"]["all"]["all"]
    march = client.get("/api/v1/areas/exposure/", {"as_of": "2026-03-01"}).json()
    east = client.get(f"/api/v1/areas/{grid['east'].id}/exposure/", {"as_of": "2026-03-01"}).json()

    assert today == {"watched_m": 120.0, "share": 0.3, "cameras": 2}
    assert march["city"]["exposure"]["all"]["all"] == {"watched_m": 80.0, "share": 0.2, "cameras": 1}
    assert march["city"]["computed_at"].startswith("2026-03-02")
    assert east["exposure"]["police_city"]["all"] == {"watched_m": 10.0, "share": 0.1111, "cameras": 1}
    assert client.get("/api/v1/areas/exposure/", {"as_of": "2026-01-01"}).status_code == 400
