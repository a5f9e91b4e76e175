"""Importing official lists in each format the issue names, built from the shared fixtures (see
README.md here for how each test file is made)."""

import csv
import json
import subprocess
import zipfile

import pytest

from cameramap.official.models import OfficialEntry, OfficialList

from .conftest import CROSSING, KNEZ_12, SQUARE

pytestmark = pytest.mark.django_db


def nola_rows(fixture_path, n=None):
    with open(fixture_path("official", "new-orleans-city-cameras-2022-03-11.csv"), newline="") as handle:
        rows = list(csv.DictReader(handle))
    return rows[:n] if n else rows


def test_it_imports_the_new_orleans_list_of_bare_points(import_list, fixture_path):
    result = import_list(fixture_path("official", "new-orleans-city-cameras-2022-03-11.csv"), name="RTCC cameras",
                         publisher="City of New Orleans")
    official_list = result.official_list
    assert result.created and result.rows == 432
    assert result.located == {"coordinates": 432}
    assert official_list.entries.count() == 432
    first = official_list.entries.get(row=2)
    assert (first.location.x, first.location.y) == (pytest.approx(-90.06672856), pytest.approx(29.95728283))
    assert first.raw == {"latitude": "29.95728283", "longitude": "-90.06672856", "random_id": "0.107873517", "set": "cameras"}
    assert first.ref == "0.107873517"
    assert len(official_list.file_sha256) == 64 and official_list.file_name.startswith("new-orleans")
    assert official_list.coverage is not None and official_list.coverage.contains(first.location)


def test_it_reads_a_windows_1251_cyrillic_list_of_addresses(import_list, belgrade, tmp_path):
    text = "Редни број;Адреса;Опис\n1;Кнез Михаилова 12;Камера на углу\n2;Краља Милана / Ресавска;Раскрсница\n3;Трг Републике;Трг\n"
    path = tmp_path / "spisak.csv"
    path.write_bytes(text.encode("cp1251"))
    result = import_list(path)
    assert result.encoding == "cp1251"
    entries = {e.ref: e for e in result.official_list.entries.all()}
    assert entries["1"].address == "Кнез Михаилова 12" and entries["1"].name == "Камера на углу"
    assert entries["1"].located_by == "address" and entries["1"].location.distance(_point(KNEZ_12)) < 1e-6
    assert entries["2"].located_by == "intersection" and entries["2"].location.distance(_point(CROSSING)) < 1e-6
    assert entries["3"].located_by == "address" and entries["3"].location.distance(_point(SQUARE)) < 0.0002


@pytest.mark.parametrize("encoding", ["cp1250", "iso8859_2", "utf-8", "utf-8-sig"])
def test_it_detects_the_encodings_serbian_offices_write_latin_in(import_list, belgrade, tmp_path, encoding):
    text = "rb;adresa;opis\n1;Knez Mihailova 12;Kamera kod Čarapića, šalter ŽĐĆ\n2;Kralja Milana / Resavska;Raskrsnica\n"
    path = tmp_path / "spisak.csv"
    path.write_bytes(text.encode(encoding))
    result = import_list(path)
    assert result.official_list.entries.get(ref="1").name == "Kamera kod Čarapića, šalter ŽĐĆ"
    assert result.encoding == ("utf-8" if encoding == "utf-8" else encoding)


def test_it_takes_tab_and_pipe_delimiters(import_list, tmp_path):
    for delimiter in ("\t", "|"):
        path = tmp_path / f"list{ord(delimiter)}.csv"
        path.write_text(delimiter.join(["id", "lat", "lon"]) + "\n" + delimiter.join(["A1", "44.8176", "20.4573"]) + "\n")
        entry = import_list(path).official_list.entries.get()
        assert (entry.ref, entry.location.y) == ("A1", pytest.approx(44.8176))


def test_it_reads_an_xlsx_and_keeps_a_formula_as_text(import_list, fixture_path, tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Širina", "Dužina", "Naziv"])
    for row in nola_rows(fixture_path, 20):
        sheet.append([float(row["latitude"]), float(row["longitude"]), "camera"])
    sheet.append([29.95, -90.07, '=HYPERLINK("http://evil.example/","click")'])
    path = tmp_path / "list.xlsx"
    workbook.save(path)
    official_list = import_list(path).official_list
    assert official_list.entries.count() == 21
    assert official_list.entries.get(row=2).location.y == pytest.approx(29.95728283)
    formula = official_list.entries.get(row=22)
    assert formula.name == '=HYPERLINK("http://evil.example/","click")' and formula.raw["Naziv"] == formula.name


def _kml(rows) -> str:
    marks = "".join(f"<Placemark><name>Camera {i}</name><Point><coordinates>{r['longitude']},{r['latitude']},0</coordinates>"
                    f"</Point></Placemark>" for i, r in enumerate(rows, start=1))
    return f'<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>{marks}</Document></kml>'


def test_it_reads_kml_and_kmz(import_list, fixture_path, tmp_path):
    rows = nola_rows(fixture_path, 5)
    (tmp_path / "list.kml").write_text(_kml(rows))
    official_list = import_list(tmp_path / "list.kml").official_list
    entry = official_list.entries.get(row=1)
    assert entry.name == "Camera 1" and entry.location.x == pytest.approx(float(rows[0]["longitude"]))
    with zipfile.ZipFile(tmp_path / "list.kmz", "w") as archive:
        archive.writestr("doc.kml", _kml(rows[:3]))
    assert import_list(tmp_path / "list.kmz", name="KMZ").official_list.entries.count() == 3


def _geojson(rows) -> dict:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"broj": f"K{i}", "opis": "camera"},
         "geometry": {"type": "Point", "coordinates": [float(r["longitude"]), float(r["latitude"])]}}
        for i, r in enumerate(rows, start=1)]}


@pytest.mark.parametrize("driver,suffix", [("ESRI Shapefile", "zip"), ("GPKG", "gpkg")])
def test_it_reprojects_a_shapefile_zip_and_a_geopackage_from_their_declared_crs(import_list, fixture_path, tmp_path, driver, suffix):
    rows = nola_rows(fixture_path, 10)
    source = tmp_path / "list.geojson"
    source.write_text(json.dumps(_geojson(rows)))
    target = tmp_path / ("shp" if suffix == "zip" else "list.gpkg")
    if suffix == "zip":
        target.mkdir()
    # Web Mercator, metres: the import must bring it back to degrees.
    subprocess.run(["ogr2ogr", "-f", driver, "-t_srs", "EPSG:3857", str(target / "list.shp" if suffix == "zip" else target), str(source)],
                   check=True, capture_output=True)
    if suffix == "zip":
        path = tmp_path / "list.zip"
        with zipfile.ZipFile(path, "w") as archive:
            for part in target.iterdir():
                archive.write(part, part.name)
    else:
        path = target
    official_list = import_list(path).official_list
    entry = official_list.entries.get(ref="K1")
    assert entry.location.x == pytest.approx(float(rows[0]["longitude"]), abs=1e-7)
    assert entry.location.y == pytest.approx(float(rows[0]["latitude"]), abs=1e-7)
    assert official_list.entries.count() == 10


def test_it_reads_geojson(import_list, fixture_path, tmp_path):
    path = tmp_path / "list.geojson"
    path.write_text(json.dumps(_geojson(nola_rows(fixture_path, 4))))
    assert sorted(import_list(path).official_list.entries.values_list("ref", flat=True)) == ["K1", "K2", "K3", "K4"]


def test_separate_latitude_and_longitude_win_over_a_swapped_wkt_column(import_list, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("id,lat,lon,WKT\n1,44.8176,20.4573,POINT (44.8176 20.4573)\n")
    entry = import_list(path).official_list.entries.get()
    assert (entry.location.x, entry.location.y) == (pytest.approx(20.4573), pytest.approx(44.8176))


def test_it_reads_projected_x_y_and_wkt_columns_with_their_srid(import_list, tmp_path):
    from django.contrib.gis.geos import Point

    mercator = Point(20.4573, 44.8176, srid=4326).transform(3857, clone=True)
    path = tmp_path / "list.csv"
    path.write_text(f"id;easting;northing\n1;{mercator.x:.3f};{mercator.y:.3f}\n")
    entry = import_list(path, x_field="easting", y_field="northing", srid=3857).official_list.entries.get()
    assert (entry.location.x, entry.location.y) == (pytest.approx(20.4573, abs=1e-6), pytest.approx(44.8176, abs=1e-6))
    wkt = tmp_path / "wkt.csv"
    wkt.write_text(f'id,geom\n1,"POINT ({mercator.x:.3f} {mercator.y:.3f})"\n')
    entry = import_list(wkt, srid=3857, name="wkt").official_list.entries.get()
    assert entry.location.y == pytest.approx(44.8176, abs=1e-6)


def test_a_row_with_neither_coordinates_nor_address_is_kept_unlocated_with_the_reason(import_list, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("id,lat,lon,adresa\n1,44.8176,20.4573,\n2,,,\n3,0,0,\n")
    entries = {e.ref: e for e in import_list(path).official_list.entries.all()}
    assert entries["1"].located_by == "coordinates"
    assert (entries["2"].located_by, entries["2"].status, entries["2"].unlocated_reason) == ("unlocated", "unlocated", "no coordinates and no address")
    assert entries["3"].unlocated_reason  # 0,0 means "unknown" in real lists; here it has no address either


def test_the_same_file_again_changes_nothing_and_a_new_version_is_a_new_list(import_list, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("id,lat,lon\n1,44.8176,20.4573\n")
    first = import_list(path)
    again = import_list(path)
    assert not again.created and again.official_list.pk == first.official_list.pk
    assert OfficialList.objects.count() == 1 and OfficialEntry.objects.count() == 1
    path.write_text("id,lat,lon\n1,44.8176,20.4573\n2,44.8180,20.4580\n")
    newer = import_list(path)
    assert newer.created and newer.official_list.previous_id == first.official_list.pk
    assert OfficialList.objects.count() == 2


def test_a_dry_run_writes_nothing(import_list, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("id,lat,lon\n1,44.8176,20.4573\n")
    result = import_list(path, dry_run=True)
    assert result.rows == 1 and result.official_list is None and not OfficialList.objects.exists()


def _point(coords):
    from django.contrib.gis.geos import Point

    return Point(*coords, srid=4326)


