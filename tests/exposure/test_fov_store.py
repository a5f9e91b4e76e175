"""Fields of view are stored per camera, served by the API, and computed again when cameras or
the city's streets and buildings change."""

from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured

from cameramap.cameras.signals import cameras_changed_announce
from cameramap.city.services import city_import
from cameramap.exposure.models import ExposureRun, FieldOfView
from cameramap.exposure.services import fov_model, fov_update
from tests.conftest import FIXTURES
from tests.factories import camera_make

from .conftest import building_m, lonlat

pytestmark = pytest.mark.django_db


def test_fov_update_stores_a_polygon_per_camera_and_none_for_a_guard(grid):
    dome = camera_make(camera_type="dome")
    guard = camera_make(surveillance_type="guard")
    assert fov_update() == 2
    stored = FieldOfView.objects.get(camera=dome)
    assert stored.geometry.geom_type == "MultiPolygon"
    assert stored.geometry.contains(dome.location)
    assert stored.buildings is False
    assert FieldOfView.objects.get(camera=guard).geometry is None


def test_fov_update_of_some_cameras_leaves_the_others_and_knows_of_buildings(grid):
    building_m(1, 60, -3, 64, 3)
    first = camera_make(**dict(zip(("lon", "lat"), lonlat(0, 0))), camera_type="dome")
    second = camera_make(**dict(zip(("lon", "lat"), lonlat(50, 0))), camera_type="dome")
    fov_update(camera_ids=[first.pk])
    assert list(FieldOfView.objects.values_list("camera_id", "buildings")) == [(first.pk, True)]
    fov_update(camera_ids=[first.pk, second.pk])
    assert FieldOfView.objects.count() == 2


def test_a_wrong_model_setting_stops_with_a_clear_error(settings):
    settings.FOV_MODEL = {"fixed": {"angle": 0, "range": 30}}
    with pytest.raises(ImproperlyConfigured, match="FOV_MODEL"):
        fov_model()
    settings.FOV_MODEL = {"dome": {"range": 30}}
    with pytest.raises(ImproperlyConfigured, match="dome"):
        fov_model()


def test_changed_cameras_are_computed_again_after_the_commit(django_capture_on_commit_callbacks, settings):
    settings.EXPOSURE_DEBOUNCE_S = 7
    with mock.patch("cameramap.exposure.tasks.exposure_recompute.apply_async") as send:
        with django_capture_on_commit_callbacks(execute=True):
            cameras_changed_announce([7, 3])
    run = ExposureRun.objects.get()
    assert (run.state, run.camera_ids, run.all_cameras) == ("queued", [3, 7], False)
    send.assert_called_once_with((run.pk,), countdown=7)


def test_a_city_import_computes_every_field_of_view_again(django_capture_on_commit_callbacks):
    with mock.patch("cameramap.exposure.tasks.exposure_recompute.apply_async") as send:
        with django_capture_on_commit_callbacks(execute=True):
            city_import(FIXTURES / "osm" / "helsinki-centre.osm.pbf", bbox=None)
    run = ExposureRun.objects.get()
    assert run.all_cameras
    send.assert_called_once()


def test_the_task_computes_the_views_then_queues_the_exposure(grid):
    from cameramap.exposure.tasks import fov_compute

    camera = camera_make(camera_type="dome")
    with mock.patch("cameramap.exposure.tasks.exposure_compute.delay") as exposure:
        fov_compute([camera.pk])
    assert FieldOfView.objects.filter(camera=camera, geometry__isnull=False).exists()
    exposure.assert_called_once_with()
