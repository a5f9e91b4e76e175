"""`make run`'s second demo city: central Helsinki's streets, cameras and two districts, with
fields of view and exposure computed, loaded once."""

import pytest
from django.core.management import call_command

from cameramap.cameras.models import Camera
from cameramap.city.models import StreetSegment
from cameramap.exposure.models import ExposureRun, FieldOfView, StreetExposure, StreetView

pytestmark = pytest.mark.django_db


def test_the_demo_streets_are_loaded_once_with_their_exposure(client):
    call_command("demo_streets_load", verbosity=0)
    assert StreetSegment.objects.count() > 2000
    assert Camera.objects.filter(source="osm").count() == 221
    assert FieldOfView.objects.filter(geometry__isnull=False).count() == 221
    assert ExposureRun.objects.get().state == "done"
    west = StreetExposure.objects.get(area__slug="helsinki-centre-west", scope="all", verified_only=False)
    assert west.street_m > 40_000 and 0 < west.watched_m < west.street_m
    assert StreetView.objects.filter(watched__isnull=False).exists()
    body = client.get("/api/v1/areas/exposure/").json()
    assert {a["area"]["slug"] for a in body["areas"]} >= {"helsinki-centre-west", "helsinki-centre-east"}
    call_command("demo_streets_load", verbosity=0)  # a second start changes nothing
    assert Camera.objects.count() == 221 and ExposureRun.objects.count() == 1
