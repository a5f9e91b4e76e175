"""A release's ``cameras.pmtiles``: read back by the ``pmtiles`` package's own reader, its zooms and
bounds are right and every tile holds exactly the features the live tile endpoint serves for the
same cameras (both backends: PostGIS's live tiles come from ST_AsMVT, so this also proves the
file's Python encoding agrees with the database's)."""

import gzip
import hashlib
import random
from collections import Counter

import mapbox_vector_tile
import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test import override_settings
from pmtiles.reader import MemorySource, Reader, all_tiles
from pmtiles.tile import Compression, TileType

from cameramap.cameras import tile_cells
from cameramap.datasets.releases import release_build, release_start
from cameramap.datasets.tile_archive import tile_archive_write
from tests.factories import camera_make

pytestmark = pytest.mark.django_db
TYPES = ["camera", "ALPR", "guard"]
OPERATORS = ["police", "city", "private", "unknown"]


@pytest.fixture
def city(db):
    """90 cameras over about 3 × 2 km of Belgrade, some in tight knots (so groups form), with
    coordinates of 7 decimals as a release writes them."""
    rng = random.Random(19)
    cameras = []
    for i in range(90):
        if i % 3 == 0:
            lon, lat = 20.4573 + rng.uniform(-0.0004, 0.0004), 44.8176 + rng.uniform(-0.0003, 0.0003)
        else:
            lon, lat = rng.uniform(20.44, 20.48), rng.uniform(44.805, 44.825)
        source = "osm" if i % 4 == 0 else "crowd"
        cameras.append(camera_make(
            lon=round(lon, 7), lat=round(lat, 7), surveillance_type=TYPES[i % 3], operator_type=OPERATORS[i % 4],
            camera_type="dome" if i % 5 == 0 else "fixed", directions=[(i * 37) % 360, (i * 91) % 360][: 1 + i % 2],
            status="covered" if i % 11 == 0 else "present", source=source,
            facial_recognition="suspected" if i % 7 == 0 else "unknown",
        ))
    camera_make(lon=20.46, lat=44.81, published=False)
    return cameras


def archive_of(release) -> bytes:
    with default_storage.open(release.files["cameras.pmtiles"]["path"], "rb") as handle:
        return handle.read()


def features(mvt: bytes) -> list:
    """The tile's features, comparable: (position, properties), sorted."""
    if not mvt:
        return []
    layers = mapbox_vector_tile.decode(mvt, default_options={"y_coord_down": True})
    assert set(layers) == {"cameras"} and layers["cameras"]["extent"] == 4096
    return sorted((tuple(f["geometry"]["coordinates"]), sorted(f["properties"].items()))
                  for f in layers["cameras"]["features"])


def test_release_holds_a_pmtiles_file_with_zooms_0_to_16_and_the_cameras_bounds(city):
    release = release_build(release_start().id)

    entry = release.files["cameras.pmtiles"]
    body = archive_of(release)
    assert entry["media_type"] == "application/vnd.pmtiles" and entry["size"] == len(body)
    assert entry["sha256"] == hashlib.sha256(body).hexdigest()
    reader = Reader(MemorySource(body))
    header = reader.header()
    assert body[:7] == b"PMTiles" and body[7] == 3
    assert (header["min_zoom"], header["max_zoom"]) == (0, 16)
    assert header["tile_type"] == TileType.MVT and header["tile_compression"] == Compression.GZIP
    assert header["clustered"] is True
    lons, lats = [c.location.x for c in city], [c.location.y for c in city]
    # The cameras' box, to the 7th decimal, rounded outwards.
    assert header["min_lon_e7"] / 1e7 <= min(lons) < (header["min_lon_e7"] + 1) / 1e7
    assert (header["max_lon_e7"] - 1) / 1e7 < max(lons) <= header["max_lon_e7"] / 1e7
    assert header["min_lat_e7"] / 1e7 <= min(lats) < (header["min_lat_e7"] + 1) / 1e7
    assert (header["max_lat_e7"] - 1) / 1e7 < max(lats) <= header["max_lat_e7"] / 1e7
    metadata = reader.metadata()
    assert metadata["version"] == release.version and metadata["vector_layers"][0]["id"] == "cameras"
    assert metadata["vector_layers"][0]["maxzoom"] == 16 and metadata["cluster_max_zoom"] == 16


def test_every_tile_of_the_file_is_the_live_tile_of_the_same_cameras(city, client):
    release = release_build(release_start().id)
    body = archive_of(release)

    counted, zooms = Counter(), set()
    for (z, x, y), data in all_tiles(MemorySource(body)):
        from_file = features(gzip.decompress(data))
        live = client.get(f"/api/v1/tiles/{z}/{x}/{y}.mvt")
        assert live.status_code == 200
        assert from_file == features(live.content), (z, x, y)
        counted[z] += sum(dict(props)["count"] for _xy, props in from_file)
        zooms.add(z)
    assert zooms == set(range(17))
    # Each camera is in exactly one tile of every zoom: the file holds the whole release at each.
    assert counted == {z: len(city) for z in range(17)}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the pre-grouped cells are PostGIS's")
def test_far_tiles_of_the_file_match_the_live_ones_read_from_the_pre_grouped_cells(city, client):
    """Live far tiles on PostGIS come from the pre-grouped cells, which place a group at the mean
    of its members' exact positions (the file, like live grouping, at the mean of their tile
    units): the same groups, positions within one unit of 4,096."""
    release = release_build(release_start().id)
    assert tile_cells.cells_refresh() is True
    compared = 0
    for (z, x, y), data in all_tiles(MemorySource(archive_of(release))):
        if z > tile_cells.MAX_ZOOM or z >= 16:
            continue
        mine, live = features(gzip.decompress(data)), features(client.get(f"/api/v1/tiles/{z}/{x}/{y}.mvt").content)
        assert sorted(props for _xy, props in mine) == sorted(props for _xy, props in live), (z, x, y)
        for xy, props in mine:
            assert any(p == props and abs(xy[0] - lxy[0]) <= 1 and abs(xy[1] - lxy[1]) <= 1 for lxy, p in live)
        compared += 1
    assert compared > 16


def test_single_cameras_come_from_the_cluster_zoom_on(city):
    release = release_build(release_start().id)
    by_zoom = {}
    for (z, _x, _y), data in all_tiles(MemorySource(archive_of(release))):
        by_zoom.setdefault(z, []).extend(features(gzip.decompress(data)))
    singles = by_zoom[16]
    assert len(singles) == len(city)
    assert {dict(p)["id"] for _xy, p in singles} == {c.id for c in city}
    assert all("directions" in dict(p) for _xy, p in singles)
    grouped = by_zoom[12]
    assert any(dict(p)["count"] > 1 for _xy, p in grouped)  # the knot near Knez Mihailova
    assert not any("directions" in dict(p) for _xy, p in grouped)


@override_settings(TILE_CLUSTER_MAX_ZOOM=14)
def test_the_cluster_zoom_setting_moves_where_single_cameras_start(city):
    release = release_build(release_start().id)
    reader = Reader(MemorySource(archive_of(release)))
    assert reader.metadata()["cluster_max_zoom"] == 14
    tiles = {(z, x, y): features(gzip.decompress(d)) for (z, x, y), d in all_tiles(MemorySource(archive_of(release)))}
    assert all(dict(p)["count"] == 1 and "directions" in dict(p) for (z, _x, _y), fs in tiles.items() if z >= 14
               for _xy, p in fs)


def test_the_file_is_part_of_the_builds_progress(city):
    steps = []
    release = release_build(release_start().id, progress=lambda done, total: steps.append((done, total)))

    cameras = len(city)
    total = steps[-1][1]
    # The snapshot, five formats, the changelog (one pass each) and the file's 17 zooms, then the storing.
    assert total == cameras * (1 + 5 + 1 + 17) + 1
    assert steps[-1][0] == total and release.progress == 100
    dones = [done for done, _total in steps]
    assert dones == sorted(dones)
    assert sum(1 for a, b in zip(dones, dones[1:]) if b - a == cameras) >= 17  # a step per zoom


def test_an_empty_release_has_a_readable_file_without_cameras(db, tmp_path):
    path = tmp_path / "cameras.pmtiles"
    result = tile_archive_write([], path, version="2026.12.05", attribution="")
    reader = Reader(MemorySource(path.read_bytes()))
    assert result == {"tiles": 1, "cameras": 0}
    assert reader.header()["tile_type"] == TileType.MVT
    assert gzip.decompress(reader.get(0, 0, 0)) == b""
    assert reader.get(16, 36_000, 23_000) is None
