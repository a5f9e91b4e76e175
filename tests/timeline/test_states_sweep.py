"""The periodic sweep: cameras changed without an event (an OpenStreetMap re-import's attribute
update) get their versions rebuilt; an installation without versions gets all of them once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cameramap.cameras.models import Camera
from cameramap.timeline import tasks
from cameramap.timeline.models import CameraState, StatesSweep
from cameramap.timeline.services import camera_states_sweep
from tests.factories import camera_make

pytestmark = pytest.mark.django_db


def test_the_first_sweep_builds_every_cameras_versions_and_the_next_only_what_changed():
    first, second = camera_make(source="osm", operator="A"), camera_make(lon=20.46, source="osm", operator="B")
    assert not CameraState.objects.exists()

    assert camera_states_sweep() == 2
    assert sorted(CameraState.objects.values_list("id", "operator")) == [(first.pk, "A"), (second.pk, "B")]
    assert camera_states_sweep() == 0  # nothing changed since

    # What the OSM import does: attributes updated in bulk, updated_at moved, no event written.
    Camera.objects.filter(pk=second.pk).update(operator="B2", updated_at=timezone.now() + timedelta(seconds=1))
    tasks.camera_states_sweep()
    assert CameraState.objects.get(id=second.pk, valid_to__isnull=True).operator == "B2"
    assert CameraState.objects.get(id=first.pk).operator == "A"
    assert StatesSweep.objects.count() == 1


def test_an_unpublished_camera_has_no_version():
    camera_make(published=False)
    camera_states_sweep()
    assert not CameraState.objects.exists()
