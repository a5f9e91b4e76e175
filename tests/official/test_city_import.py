"""The city's base data from an OpenStreetMap extract: streets with their names, address points
and buildings, replacing only what lies inside the file's bounds or the box given."""

import pytest
from django.contrib.gis.geos import LineString, Point
from django.core.management import call_command
from django.core.management.base import CommandError

from cameramap.city.models import AddressPoint, Building, StreetSegment
from cameramap.geo import Bbox

pytestmark = pytest.mark.django_db
PBF = ("osm", "helsinki-centre.osm.pbf")


def test_it_imports_the_helsinki_centre(fixture_path):
    call_command("city_import", str(fixture_path(*PBF)))
    assert StreetSegment.objects.count() > 2400 and Building.objects.count() > 300 and AddressPoint.objects.count() > 1000
    mannerheimintie = StreetSegment.objects.filter(name="Mannerheimintie").first()
    assert mannerheimintie.name_key == "mannerheimintie" and "name:sv" not in mannerheimintie.names
    assert AddressPoint.objects.filter(osm_type="way").exists()  # buildings' addresses, at their centroid
    counts = (StreetSegment.objects.count(), AddressPoint.objects.count(), Building.objects.count())
    call_command("city_import", str(fixture_path(*PBF)))
    assert (StreetSegment.objects.count(), AddressPoint.objects.count(), Building.objects.count()) == counts


def test_it_replaces_only_what_lies_inside_the_box(fixture_path):
    elsewhere = StreetSegment.objects.create(osm_id=-1, highway="residential", name="Knez Mihailova", name_key="knez mihailova",
                                             geometry=LineString((20.45, 44.81), (20.46, 44.82), srid=4326))
    inside_old = AddressPoint.objects.create(osm_type="node", osm_id=-5, street="Old", housenumber="1", street_key="old",
                                             number_key="1", location=Point(24.945, 60.170, srid=4326))
    box = Bbox(24.940, 60.166, 24.950, 60.172)
    call_command("city_import", str(fixture_path(*PBF)), "--bbox", ",".join(map(str, box)))
    assert StreetSegment.objects.filter(pk=elsewhere.pk).exists()
    assert not AddressPoint.objects.filter(pk=inside_old.pk).exists()
    for point in AddressPoint.objects.filter(osm_type="node").values_list("location", flat=True):
        assert box.west <= point.x <= box.east and box.south <= point.y <= box.north


def test_bad_files_and_boxes_are_command_errors(tmp_path):
    (tmp_path / "x.osm.pbf").write_bytes(b"not a pbf")
    with pytest.raises(CommandError, match="not a readable"):
        call_command("city_import", str(tmp_path / "x.osm.pbf"))
    with pytest.raises(CommandError, match="give an OpenStreetMap extract"):
        call_command("city_import", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="--bbox"):
        call_command("city_import", str(tmp_path / "x.osm.pbf"), "--bbox", "1,2,3")
