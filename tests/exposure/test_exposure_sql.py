"""The exposure computed in PostGIS SQL (exposure_sql.py) gives the figures of the Shapely path
(services.exposure_figures, what the embedded SpatiaLite runs), on the real Helsinki centre; and
the streets' parts in view (StreetView) add up to the city's length in view on both."""

import pytest
from django.core.management import call_command

from cameramap.cameras.models import Camera
from cameramap.city.services import city_import
from cameramap.exposure.models import StreetExposure, StreetView
from cameramap.exposure.services import exposure_update, fov_update
from tests.conftest import on_spatialite

from .test_helsinki import PBF, SPLIT, district

pytestmark = pytest.mark.django_db


def _figures() -> dict:
    return {(row.area_id, row.scope, row.verified_only): (row.street_m, row.watched_m, row.cameras)
            for row in StreetExposure.objects.all()}


@pytest.fixture
def helsinki():
    city_import(PBF)
    call_command("osm_import", str(PBF), verbosity=0)
    areas = [district("West", 24.93, SPLIT), district("East", SPLIT, 24.96), district("Nowhere", 0.0, 0.001)]
    ids = list(Camera.objects.order_by("osm_id").values_list("pk", flat=True))
    Camera.objects.filter(pk__in=ids[:40]).update(operator_type="police")
    Camera.objects.filter(pk__in=ids[30:60]).update(facial_recognition="suspected")
    Camera.objects.filter(pk__in=ids[::5]).update(verified_on="2026-11-01")
    fov_update()
    return areas


@pytest.mark.skipif(on_spatialite(), reason="the SQL path is PostGIS's")
def test_sql_and_python_paths_give_the_same_figures_on_helsinki(helsinki):
    steps = []
    exposure_update(engine="python")
    python = _figures()
    python_views = {v.segment_id: v.watched_m for v in StreetView.objects.all()}
    exposure_update(engine="sql", progress=lambda done, total: steps.append((done, total)))
    sql = _figures()
    assert sql.keys() == python.keys() and len(sql) == 4 * 6  # the city and three districts, six figures each
    for key, (street, watched, cameras) in python.items():
        assert sql[key][0] == pytest.approx(street, abs=0.05), key
        assert sql[key][1] == pytest.approx(watched, abs=0.05), key
        assert sql[key][2] == cameras, key
    # Every scope's figure was exercised, and the empty district has no street and no camera.
    assert 0 < sql[(None, "facial_recognition", True)][1] < sql[(None, "facial_recognition", False)][1]
    nowhere = helsinki[2].id
    assert sql[(nowhere, "all", False)] == (0.0, 0.0, 0)
    assert steps[-1] == (6, 6) and [d for d, _ in steps] == sorted(d for d, _ in steps)
    sql_views = {v.segment_id: v.watched_m for v in StreetView.objects.all()}
    assert sql_views.keys() == python_views.keys()
    assert sum(sql_views.values()) == pytest.approx(sum(python_views.values()), abs=0.5)


def test_street_views_add_up_to_the_citys_length_in_view(helsinki):
    exposure_update()
    city = StreetExposure.objects.get(area=None, scope="all", verified_only=False)
    views = list(StreetView.objects.all())
    assert sum(v.length_m for v in views) == pytest.approx(city.street_m, abs=0.5)
    assert sum(v.watched_m for v in views) == pytest.approx(city.watched_m, abs=0.5)
    assert all(v.watched_m <= v.length_m for v in views)
    partly = next(v for v in views if v.watched is not None and v.unwatched is not None)
    assert 0 < partly.watched_m < partly.length_m
    assert not any(v.unwatched is None and v.watched_m < v.length_m - 0.01 for v in views)
    assert not any(v.watched is None and v.watched_m > 0 for v in views)
