"""/data/ shows the streets in view per district, and the model they were computed with."""

import pytest
from django.utils import translation

from cameramap.exposure.services import exposure_update, fov_update
from tests.factories import camera_make

from .conftest import lonlat

pytestmark = pytest.mark.django_db


def test_the_data_page_has_a_table_of_the_shares_per_district(client, grid):
    camera_make(**dict(zip(("lon", "lat"), lonlat(0, 0))), camera_type="dome", operator_type="police")
    fov_update()
    exposure_update()
    html = client.get("/data/").content.decode()
    section = html[html.index('id="exposure"'):]
    assert "Streets in view" in section
    # East: 90 m of street, 10 m in view of the police dome; Whole: 400 m, 80 m.
    assert "<td>0.1</td><td>11.1 %</td><td>11.1 %</td><td>11.1 %</td><td>11.1 %</td><td>0.0 %</td>" in section
    assert "<td>0.4</td><td>20.0 %</td>" in section
    assert f'href="/api/v1/areas/{grid["east"].id}/exposure/"' in section
    assert "<th scope=\"row\">dome camera</th><td>360</td><td>20</td>" in section


def test_before_any_computation_the_page_says_what_is_missing(client, grid):
    html = client.get("/data/").content.decode()
    assert "Not computed yet" in html and 'id="exposure-title"' in html


def test_the_section_is_translated(client, grid):
    fov_update()
    exposure_update()
    client.post("/i18n/setlang/", {"language": "sr"})
    html = client.get("/data/").content.decode()
    assert "Улице у видокругу камера" in html
    with translation.override("sr"):
        assert "камера у куполи" in html
