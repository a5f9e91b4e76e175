"""Bad input: each is a clear error naming what is wrong (the row and the column where there is
one), from the service and from the command (non-zero exit), and nothing is written."""

import subprocess
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cameramap.official.errors import OfficialImportError
from cameramap.official.models import OfficialEntry, OfficialList

pytestmark = pytest.mark.django_db


def _refused(import_list, path, expected: str, **options) -> OfficialImportError:
    with pytest.raises(OfficialImportError) as caught:
        import_list(path, **options)
    assert expected in str(caught.value), str(caught.value)
    assert not OfficialList.objects.exists() and not OfficialEntry.objects.exists()
    return caught.value


def test_a_wrong_encoding_names_the_line(import_list, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes("id;adresa\n1;Кнез Михаилова 12\n".encode("cp1251"))
    error = _refused(import_list, path, "not valid utf-8", encoding="utf-8")
    assert error.row == 2


def test_an_unknown_encoding_is_refused(import_list, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("id,lat,lon\n1,44.8,20.4\n")
    _refused(import_list, path, "Unknown encoding", encoding="klingon")


def test_a_file_without_usable_columns_lists_its_columns(import_list, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("colour,size\nred,2\n")
    _refused(import_list, path, "No usable columns")


def test_an_empty_file_and_a_header_without_rows(import_list, tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    _refused(import_list, tmp_path / "empty.csv", "empty")
    (tmp_path / "header.csv").write_text("id,lat,lon\n")
    _refused(import_list, tmp_path / "header.csv", "no rows")


def test_a_200_mb_file_is_refused_before_it_is_read(import_list, tmp_path):
    path = tmp_path / "huge.csv"
    with open(path, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: takes no disk
    _refused(import_list, path, "at most 50 MB")


def test_coordinates_out_of_range_name_row_and_column(import_list, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("id,lat,lon\n1,44.8,20.4\n2,144.8,20.4\n")
    error = _refused(import_list, path, "not a latitude")
    assert (error.row, error.column) == (3, "lat")
    assert "swapped" in str(error)  # 20.4 would be a latitude


def test_a_text_where_a_number_belongs(import_list, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("id,lat,lon\n1,44.8,abc\n")
    error = _refused(import_list, path, "“abc” is not a number")
    assert (error.row, error.column) == (2, "lon")


def test_a_list_with_swapped_axes_is_refused_when_the_swap_would_put_it_in_the_city(import_list, belgrade, tmp_path):
    path = tmp_path / "list.csv"
    # WKT as real lists write it: POINT(lat lon)
    path.write_text("id,WKT\n1,POINT (44.8176 20.4573)\n2,POINT (44.8100 20.4600)\n3,POINT (44.8050 20.4650)\n")
    _refused(import_list, path, "swapped")


def test_duplicate_references_name_both_rows(import_list, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("id,lat,lon\nA1,44.8,20.4\nA2,44.81,20.41\nA1,44.82,20.42\n")
    error = _refused(import_list, path, "also on row 2")
    assert (error.row, error.column) == (4, "id")


def test_a_shapefile_without_prj_is_refused(import_list, tmp_path):
    (tmp_path / "list.geojson").write_text('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":1},'
                                           '"geometry":{"type":"Point","coordinates":[20.4573,44.8176]}}]}')
    (tmp_path / "shp").mkdir()
    subprocess.run(["ogr2ogr", "-f", "ESRI Shapefile", str(tmp_path / "shp" / "list.shp"), str(tmp_path / "list.geojson")],
                   check=True, capture_output=True)
    (tmp_path / "shp" / "list.prj").unlink()
    with zipfile.ZipFile(tmp_path / "list.zip", "w") as archive:
        for part in (tmp_path / "shp").iterdir():
            archive.write(part, part.name)
    _refused(import_list, tmp_path / "list.zip", "no .prj")


def test_a_file_that_is_not_what_its_name_says(import_list, tmp_path):
    (tmp_path / "list.xlsx").write_text("id,lat,lon\n1,2,3\n")
    _refused(import_list, tmp_path / "list.xlsx", "Not a readable XLSX")
    (tmp_path / "list.csv").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    _refused(import_list, tmp_path / "list.csv", "not a text file")
    (tmp_path / "list.doc").write_text("x")
    _refused(import_list, tmp_path / "list.doc", "Give a CSV")


def test_a_named_column_that_does_not_exist(import_list, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("id,lat,lon\n1,44.8,20.4\n")
    error = _refused(import_list, path, "no such column", lat_field="Latitude", lon_field="lon")
    assert error.column == "Latitude"


def test_the_command_exits_non_zero_with_the_message_and_writes_nothing(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("id,lat,lon\n1,44.8,20.4\n1,44.9,20.5\n")
    with pytest.raises(CommandError, match="Row 3, column “id”"):
        call_command("official_import", str(path), "--name", "L", "--publisher", "P", "--published", "2021-03-20")
    with pytest.raises(CommandError, match="not a day"):
        call_command("official_import", str(path), "--name", "L", "--publisher", "P", "--published", "20.3.2021")
    assert not OfficialList.objects.exists()


def test_the_command_imports_matches_and_says_so(tmp_path, capsys):
    from tests.factories import camera_make

    camera_make(lon=20.4573, lat=44.8176)
    path = tmp_path / "list.csv"
    path.write_text("id,lat,lon\n1,44.81761,20.45731\n2,44.9,20.5\n")
    args = [str(path), "--name", "L", "--publisher", "P", "--published", "2021-03-20"]
    call_command("official_import", *args)
    out = capsys.readouterr().out
    assert "declared 2" in out and "matched 1" in out and "not_found 1" in out
    call_command("official_import", *args)
    assert "imported already" in capsys.readouterr().out
    assert OfficialList.objects.count() == 1


def test_official_match_rematches_and_relocates_after_a_city_import(tmp_path, capsys, belgrade):
    from cameramap.city.models import StreetSegment
    from cameramap.official.models import OfficialEntry
    from tests.factories import camera_make

    path = tmp_path / "list.csv"
    path.write_text("id;adresa\n1;Nova ulica 3\n")
    call_command("official_import", str(path), "--name", "L", "--publisher", "P", "--published", "2021-03-20")
    assert OfficialEntry.objects.get().located_by == "unlocated"
    from django.contrib.gis.geos import LineString

    StreetSegment.objects.create(osm_id=99, highway="residential", name="Nova", name_keys=["nova"], name_key="nova",
                                 geometry=LineString((20.4600, 44.8170), (20.4603, 44.8171), srid=4326))
    camera_make(lon=20.46015, lat=44.81705)
    call_command("official_match", "--relocate")
    assert "1 newly located" in capsys.readouterr().out
    assert OfficialEntry.objects.get().status in ("matched", "probable")
    with pytest.raises(CommandError, match="No official list 999"):
        call_command("official_match", "--list", "999")
