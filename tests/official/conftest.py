"""Shared helpers for the official-list tests: importing a file with the defaults, a small
Belgrade street grid written in Serbian Cyrillic (with the Latin names OSM adds), and the real
Helsinki centre from the shared fixture."""

from datetime import date

import pytest
from django.contrib.gis.geos import LinearRing, LineString, MultiPolygon, Point, Polygon

from cameramap.cameras.models import Area
from cameramap.city.models import AddressPoint, StreetSegment
from cameramap.city.names import number_key, street_key
from cameramap.official.imports import ImportOptions, official_list_import
from cameramap.official.models import OfficialEntry, OfficialList
from cameramap.official.services import list_match
from tests.factories import camera_make


@pytest.fixture
def import_list():
    def run(path, **options):
        options.setdefault("name", "Camera list")
        options.setdefault("publisher", "Ministry of the Interior")
        options.setdefault("published", date(2021, 3, 20))
        fields = {k: options.pop(k) for k in list(options) if k.endswith("_field")}
        return official_list_import(path, ImportOptions(**options, fields=fields))

    return run


def street(osm_id: int, name: str, coords, latin: str = "", highway: str = "residential") -> StreetSegment:
    names = {"name": name, **({"name:sr-Latn": latin} if latin else {})}
    keys = sorted({street_key(n) for n in names.values()})
    return StreetSegment.objects.create(osm_id=osm_id, highway=highway, name=name, names=names, name_keys=keys,
                                        name_key=street_key(name), geometry=LineString(coords, srid=4326))


def address(osm_id: int, name: str, number: str, lon: float, lat: float) -> AddressPoint:
    return AddressPoint.objects.create(osm_type="node", osm_id=osm_id, street=name, housenumber=number, street_key=street_key(name),
                                       number_key=number_key(number), location=Point(lon, lat, srid=4326))


# Where things are in the small Belgrade below.
KNEZ_12 = (20.4550, 44.8171)
CROSSING = (20.4650, 44.8050)  # Kralja Milana × Resavska
SQUARE = (20.4598, 44.8163)  # Trg Republike


@pytest.fixture
def belgrade(db):
    street(1, "Кнез Михаилова", [(20.4570, 44.8155), (20.4520, 44.8190)], "Knez Mihailova", "pedestrian")
    street(2, "Краља Милана", [(20.4600, 44.8100), (20.4650, 44.8050), (20.4700, 44.8000)], "Kralja Milana")
    street(3, "Ресавска", [(20.4600, 44.8000), (20.4650, 44.8050), (20.4700, 44.8100)], "Resavska")
    ring = [(20.4596, 44.8161), (20.4600, 44.8161), (20.4600, 44.8165), (20.4596, 44.8165), (20.4596, 44.8161)]
    street(4, "Трг Републике", ring, "Trg Republike", "pedestrian")
    address(10, "Кнез Михаилова", "12", *KNEZ_12)
    address(11, "Кнез Михаилова", "14", 20.4545, 44.8175)
    address(12, "Кнез Михаилова", "8", 20.4560, 44.8163)
    # The service area: central Belgrade.
    box = Polygon(LinearRing([(20.40, 44.78), (20.52, 44.78), (20.52, 44.85), (20.40, 44.85), (20.40, 44.78)]), srid=4326)
    Area.objects.create(name="Stari grad", slug="stari-grad", boundary=MultiPolygon(box, srid=4326))


@pytest.fixture
def helsinki(db, fixture_path):
    from cameramap.city.services import city_import

    return city_import(fixture_path("osm", "helsinki-centre.osm.pbf"))


LAT, LON = 44.8176, 20.4573
M = 1 / 111_320  # a metre of latitude, in degrees


@pytest.fixture
def compared(db):
    """A district with three cameras (two verified, one imported), a list of four entries: one
    found exactly, one found 20 m off (probable), one with nothing near, one unlocated."""
    ring = LinearRing([(20.45, 44.81), (20.47, 44.81), (20.47, 44.83), (20.45, 44.83), (20.45, 44.81)])
    district = Area.objects.create(name="Stari grad", slug="stari-grad", boundary=MultiPolygon(Polygon(ring), srid=4326))
    found = camera_make(lon=LON, lat=LAT, area=district)
    probable = camera_make(lon=LON, lat=LAT + 0.001 + 20 * M, area=district, source="osm", verified_on=None)
    extra = camera_make(lon=LON, lat=LAT + 0.003, area=district)
    official_list = OfficialList.objects.create(name="MUP 2021", publisher="Ministry", published=date(2021, 3, 20), file_name="l.csv",
                                                file_sha256="a" * 64, area=district, coverage=district.boundary)
    for row, (ref, place) in enumerate([("A", (LON, LAT)), ("B", (LON, LAT + 0.001)), ("C", (LON + 0.005, LAT)), ("D", None)], start=2):
        OfficialEntry.objects.create(official_list=official_list, row=row, ref=ref, address=f"Street {row}",
                                     location=Point(*place, srid=4326) if place else None, district=district if place else None,
                                     located_by="coordinates" if place else "unlocated", precision_m=0 if place else None,
                                     status="not_found" if place else "unlocated", unlocated_reason="" if place else "no street")
    list_match(official_list)
    return {"list": official_list, "found": found, "probable": probable, "extra": extra, "district": district}
