"""The ``streets`` vector tiles: each walkable street's parts in and out of view, the same on
PostGIS (ST_AsMVT) and in Python (SpatiaLite's encoder), cached with an ETag like the camera tiles."""

import math

import mapbox_vector_tile
import pytest

from cameramap.cameras.tiles import Tile
from cameramap.exposure.services import exposure_update, fov_update
from cameramap.exposure.street_tiles import _tile_python, streets_tile
from tests.factories import camera_make

from .conftest import LAT, LON, lonlat

pytestmark = pytest.mark.django_db


def tile_of(lon: float, lat: float, z: int) -> Tile:
    n = 2**z
    rad = math.radians(lat)
    return Tile(z, int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(rad)) / math.pi) / 2 * n))


def features(data: bytes) -> list[dict]:
    layers = mapbox_vector_tile.decode(data, default_options={"y_coord_down": True}) if data else {}
    return layers.get("streets", {}).get("features", [])


def length(feature) -> float:
    geometry = feature["geometry"]
    lines = geometry["coordinates"] if geometry["type"] == "MultiLineString" else [geometry["coordinates"]]
    return sum(math.dist(a, b) for line in lines for a, b in zip(line, line[1:]))


@pytest.fixture
def watched(grid):
    """A fixed camera at the crossing looking east: 30 m of the east-west street in view."""
    camera_make(**dict(zip(("lon", "lat"), lonlat(0, 0))), camera_type="fixed", directions=[90])
    fov_update()
    exposure_update()


def test_a_tile_holds_each_streets_parts_in_and_out_of_view(watched):
    found = features(streets_tile(tile_of(LON, LAT, 16)))
    by_part = {}
    for feature in found:
        key = (feature["properties"]["id"], feature["properties"]["in_view"])
        by_part[key] = by_part.get(key, 0) + length(feature)
    ids = sorted({pk for pk, _ in by_part})
    assert len(ids) == 2  # the two walkable streets; the motorway is not in the layer
    east_west, north_south = ids
    # The sector looking east touches the north-south street only at the crossing: none of it in view.
    assert set(by_part) == {(east_west, True), (east_west, False), (north_south, False)}
    # 30 m in view (the camera's range), in tile units at this zoom and latitude.
    metres_per_unit = 40_075_016.686 * math.cos(math.radians(LAT)) / (2**16 * 4096)
    assert by_part[(east_west, True)] * metres_per_unit == pytest.approx(30, abs=1.5)
    # The parts do not overlap: in view and out of view add up to the street (cut by the tile).
    whole = sum(length(f) for f in found if f["properties"]["id"] == east_west)
    assert whole == pytest.approx(by_part[(east_west, True)] + by_part[(east_west, False)])
    assert whole * metres_per_unit <= 200 + 1
    share = {f["properties"]["id"]: f["properties"]["share"] for f in found}
    assert share[east_west] == pytest.approx(0.15, abs=0.01) and share[north_south] == 0


def test_postgis_and_python_encode_the_same_features(watched):
    tile = tile_of(LON, LAT, 17)
    live, python = features(streets_tile(tile)), features(_tile_python(tile))
    key = lambda f: (f["properties"]["id"], f["properties"]["in_view"])  # noqa: E731
    assert sorted(map(key, live)) == sorted(map(key, python))
    for a, b in zip(sorted(live, key=key), sorted(python, key=key)):
        assert length(a) == pytest.approx(length(b), rel=0.02)
        assert a["properties"]["share"] == pytest.approx(b["properties"]["share"], abs=0.001)


def test_below_street_zoom_and_far_away_the_tile_is_empty(watched, settings):
    assert streets_tile(tile_of(LON, LAT, settings.STREETS_TILE_MIN_ZOOM - 1)) == b""
    assert streets_tile(tile_of(LON + 1, LAT, 16)) == b""


def test_streets_not_computed_yet_are_absent(grid):
    assert streets_tile(tile_of(LON, LAT, 16)) == b""


def test_the_api_serves_the_tile_with_an_etag_and_answers_bad_numbers(watched, client):
    tile = tile_of(LON, LAT, 16)
    url = f"/api/v1/tiles/streets/{tile.z}/{tile.x}/{tile.y}.mvt"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    assert len(features(response.content)) == 3
    assert client.get(url, headers={"If-None-Match": response["ETag"]}).status_code == 304
    assert client.get("/api/v1/tiles/streets/16/99999/1.mvt").status_code == 404
    bad = client.get("/api/v1/tiles/streets/23/0/0.mvt")
    assert bad.status_code == 400 and "z" in bad.json()


def test_a_new_computation_changes_the_tile(watched, client):
    tile = tile_of(LON, LAT, 16)
    url = f"/api/v1/tiles/streets/{tile.z}/{tile.x}/{tile.y}.mvt"
    before = client.get(url)
    camera_make(**dict(zip(("lon", "lat"), lonlat(-50, 0))), camera_type="dome")
    fov_update()
    exposure_update()
    after = client.get(url)
    assert after["ETag"] != before["ETag"]


def _metres_by_street(tile: Tile) -> dict[int, dict[bool, float]]:
    metres_per_unit = 40_075_016.686 * math.cos(math.radians(LAT)) / (2**tile.z * 4096)
    by_id: dict[int, dict[bool, float]] = {}
    for feature in features(streets_tile(tile)):
        parts = by_id.setdefault(feature["properties"]["id"], {True: 0.0, False: 0.0})
        parts[feature["properties"]["in_view"]] += length(feature) * metres_per_unit
    return by_id


def test_the_parts_in_and_out_of_view_never_overlap(grid):
    """A dome on the north-south street, its circle cut by a building: the street's parts in view
    and out of view add up to what the tile holds of the street, not drawn one over the other."""
    from .conftest import building_m

    tile = tile_of(LON, LAT, 16)
    exposure_update()
    before = _metres_by_street(tile)  # no camera: every street wholly out of view
    building_m(1, -12, 30, -4, 45)
    camera_make(**dict(zip(("lon", "lat"), lonlat(0, 60))), camera_type="dome")
    # A sector that touches the street at one point only: a piece with no length beside the dome's.
    camera_make(**dict(zip(("lon", "lat"), lonlat(0, 0))), camera_type="fixed", directions=[90])
    fov_update()
    exposure_update()
    after = _metres_by_street(tile)
    north_south = max(after, key=lambda pk: after[pk][True])
    assert after[north_south][True] == pytest.approx(40, abs=2)  # the dome's 20 m either way
    assert after[north_south][True] + after[north_south][False] == pytest.approx(before[north_south][False], abs=0.5)
