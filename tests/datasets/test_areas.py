"""Areas: import from GeoJSON, GeoPackage and Shapefile through GDAL with a column mapping;
cameras' district stays current when cameras or areas change."""

import io
import json
import zipfile

import numpy as np
import pyogrio.raw
import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from cameramap.cameras.areas import areas_refresh, camera_area_assign
from cameramap.cameras.models import Area, Camera
from cameramap.datasets.areas_import import AreaImportError, areas_import
from tests.datasets.conftest import square
from tests.factories import camera_make

pytestmark = pytest.mark.django_db

DISTRICTS = [("Стари град", 44_737, (20.44, 44.80, 20.48, 44.83)), ("Vračar", 55_406, (20.46, 44.78, 20.50, 44.80))]


def _geojson(path, districts=DISTRICTS):
    features = [
        {"type": "Feature", "properties": {"NAZIV": name, "POP": population},
         "geometry": json.loads(square(*box).json)}
        for name, population, box in districts
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def _write_with_gdal(path, driver, srid=4326):
    """Polygons in EPSG:``srid`` written through pyogrio (GDAL), as QGIS would save them."""
    geometries = []
    for _name, _population, box in DISTRICTS:
        polygon = Polygon.from_bbox(box)
        polygon.srid = 4326
        if srid != 4326:
            polygon.transform(srid)
        geometries.append(bytes(polygon.wkb))
    names = np.array([d[0] for d in DISTRICTS], dtype=object)
    populations = np.array([d[1] for d in DISTRICTS], dtype=np.int64)
    pyogrio.raw.write(str(path), np.array(geometries, dtype=object), [names, populations], ["NAZIV", "POP"],
                      driver=driver, geometry_type="Polygon", crs=f"EPSG:{srid}", layer="opstine")
    return path


def _assert_imported():
    areas = {a.name: a for a in Area.objects.all()}
    assert set(areas) == {"Стари град", "Vračar"}
    assert areas["Стари град"].population == 44_737 and areas["Стари град"].slug == "stari-grad"
    assert areas["Vračar"].boundary.extent == pytest.approx((20.46, 44.78, 20.50, 44.80), abs=1e-6)


def test_import_from_geojson_with_a_column_mapping(tmp_path):
    camera = camera_make(lon=20.4573, lat=44.8176)
    result = areas_import(_geojson(tmp_path / "opstine.geojson"), name_field="NAZIV", population_field="POP")
    assert (result.created, result.updated, result.cameras_reassigned) == (["Стари град", "Vračar"], [], 1)
    _assert_imported()
    camera.refresh_from_db()
    assert camera.area.name == "Стари град"


def test_import_from_geopackage(tmp_path):
    areas_import(_write_with_gdal(tmp_path / "opstine.gpkg", "GPKG"), name_field="NAZIV", population_field="POP", layer="opstine")
    _assert_imported()


def test_import_from_a_zipped_shapefile_in_another_projection(tmp_path):
    folder = tmp_path / "shp"
    folder.mkdir()
    _write_with_gdal(folder / "opstine.shp", "ESRI Shapefile", srid=3857)
    archive = tmp_path / "opstine.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for part in folder.iterdir():
            bundle.write(part, part.name)
    out = io.StringIO()
    call_command("areas_import", str(archive), "--name-field", "NAZIV", "--population-field", "POP", stdout=out)
    assert "2 areas created, 0 updated" in out.getvalue()
    _assert_imported()  # reprojected from Web Mercator to WGS 84


def test_reimport_updates_instead_of_duplicating(tmp_path):
    path = _geojson(tmp_path / "a.geojson")
    areas_import(path, name_field="NAZIV", population_field="POP")
    moved = [("Стари град", 50_000, (20.40, 44.80, 20.48, 44.83)), DISTRICTS[1]]
    result = areas_import(_geojson(tmp_path / "b.geojson", moved), name_field="NAZIV", population_field="POP")
    assert (result.created, result.updated) == ([], ["Стари град", "Vračar"])
    assert Area.objects.count() == 2 and Area.objects.get(slug="stari-grad").population == 50_000


@pytest.mark.parametrize(
    "kwargs, field, message",
    [({"name_field": "NAME"}, "name_field", "No column “NAME”; the layer has: NAZIV, POP."),
     ({"name_field": "NAZIV", "population_field": "NAZIV"}, "population_field", "population “Стари град” is not a whole number")],
)
def test_bad_mapping_names_the_field_and_stores_nothing(tmp_path, kwargs, field, message):
    with pytest.raises(AreaImportError) as error:
        areas_import(_geojson(tmp_path / "a.geojson"), **kwargs)
    assert error.value.field == field and message in error.value.message
    assert not Area.objects.exists()


def test_command_reports_a_bad_mapping(tmp_path):
    with pytest.raises(CommandError, match="name_field: No column “name”"):
        call_command("areas_import", str(_geojson(tmp_path / "a.geojson")), "--name-field", "name")


def test_camera_area_assign_picks_the_smallest_district_holding_the_camera():
    big = Area.objects.create(name="City", slug="city", boundary=square(20.0, 44.0, 21.0, 45.0))
    small = Area.objects.create(name="Centre", slug="centre", boundary=square(20.4, 44.8, 20.5, 44.9))
    Area.objects.create(name="Service", slug="service", boundary=square(20.45, 44.85, 20.46, 44.86), is_service_area=True)
    inside = camera_make(lon=20.455, lat=44.855)
    outside = camera_make(lon=20.9, lat=44.1)
    assert camera_area_assign(inside) == small and camera_area_assign(outside) == big
    assert Camera.objects.get(pk=inside.pk).area == small
    unsaved = Camera(location=inside.location)
    assert camera_area_assign(unsaved) == small and unsaved.area == small


def test_areas_refresh_follows_moved_cameras_and_changed_areas():
    north = Area.objects.create(name="North", slug="north", boundary=square(20.40, 44.80, 20.42, 44.82))
    camera = camera_make(lon=20.41, lat=44.81)
    assert areas_refresh() == 1 and Camera.objects.get(pk=camera.pk).area == north
    assert areas_refresh() == 0  # nothing to do: nothing written
    north.boundary = MultiPolygon(Polygon.from_bbox((20.50, 44.80, 20.52, 44.82)), srid=4326)
    north.save()
    assert areas_refresh() == 1 and Camera.objects.get(pk=camera.pk).area is None


def test_admin_saving_and_deleting_an_area_reassigns_cameras(client, moderator):
    from django.contrib.auth.models import Permission

    moderator.user_permissions.add(*Permission.objects.filter(content_type__app_label="cameras", codename__endswith="_area"))
    client.force_login(moderator)
    camera = camera_make(lon=20.41, lat=44.81)
    outer = Area.objects.create(name="Outer", slug="outer", boundary=square(20.0, 44.0, 21.0, 45.0))
    areas_refresh()
    inner = Area.objects.create(name="Inner", slug="inner", boundary=square(20.40, 44.80, 20.42, 44.82))
    response = client.post(f"/admin/cameras/area/{inner.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert Camera.objects.get(pk=camera.pk).area == outer
    response = client.post(f"/admin/cameras/area/{outer.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and Camera.objects.get(pk=camera.pk).area is None


def test_admin_upload_imports_areas(client, moderator, tmp_path):
    from django.contrib.auth.models import Permission

    moderator.user_permissions.add(*Permission.objects.filter(content_type__app_label="cameras", codename__endswith="_area"))
    client.force_login(moderator)
    assert "Import areas from a file" in client.get("/admin/cameras/area/").content.decode()
    body = _geojson(tmp_path / "opstine.geojson").read_bytes()
    upload = SimpleUploadedFile("opstine.geojson", body, content_type="application/geo+json")
    response = client.post("/admin/cameras/area/import/", {"file": upload, "name_field": "NAZIV", "population_field": "POP"})
    assert response.status_code == 302 and response["Location"].endswith("/admin/cameras/area/")
    _assert_imported()
    bad = SimpleUploadedFile("opstine.geojson", body, content_type="application/geo+json")
    response = client.post("/admin/cameras/area/import/", {"file": bad, "name_field": "IME"})
    assert response.status_code == 400 and "No column “IME”" in response.content.decode()
