"""Vector tiles: decoded with mapbox-vector-tile, on both backends (PostGIS builds them with
ST_AsMVT, SpatiaLite in Python: the same expectations hold for both)."""

import math
import random

import mapbox_vector_tile
import pytest

from tests.factories import camera_make

pytestmark = pytest.mark.django_db


def tile_point(z: int, x: int, y: int, fx: float, fy: float) -> tuple[float, float]:
    """lon, lat of the point at fractions (fx, fy) of tile z/x/y (Web Mercator, y down)."""
    n = 2**z
    lon = (x + fx) / n * 360 - 180
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * (y + fy) / n))))
    return lon, lat


def tile_of(z: int, lon: float, lat: float) -> tuple[int, int]:
    n = 2**z
    rad = math.radians(lat)
    return int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(rad)) / math.pi) / 2 * n)


def decode(content: bytes) -> list[dict]:
    if not content:
        return []
    layers = mapbox_vector_tile.decode(content, default_options={"y_coord_down": True})
    assert set(layers) == {"cameras"}
    assert layers["cameras"]["extent"] == 4096
    return layers["cameras"]["features"]


# Belgrade, Knez Mihailova
Z16 = (16, *tile_of(16, 20.4573, 44.8176))


def test_close_up_tile_has_each_camera_at_its_position_with_its_properties(client):
    z, x, y = Z16
    lon, lat = tile_point(z, x, y, 0.25, 0.75)
    camera = camera_make(lon=lon, lat=lat, operator_type="police", camera_type="dome", directions=[90, 270],
                         facial_recognition="suspected", status="covered")
    other_lon, other_lat = tile_point(z, x, y, 0.5, 0.5)
    other = camera_make(lon=other_lon, lat=other_lat)
    camera_make(lon=other_lon, lat=other_lat, published=False)
    camera_make(lon=other_lon, lat=other_lat, merged_into=other)
    outside_lon, outside_lat = tile_point(z, x + 1, y, 0.5, 0.5)
    camera_make(lon=outside_lon, lat=outside_lat)

    response = client.get(f"/api/v1/tiles/{z}/{x}/{y}.mvt")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    features = sorted(decode(response.content), key=lambda f: f["properties"]["id"])
    assert [f["properties"]["id"] for f in features] == [camera.id, other.id]
    first, second = features
    assert first["geometry"]["type"] == "Point"
    assert first["geometry"]["coordinates"] == pytest.approx([1024, 3072], abs=1)
    assert second["geometry"]["coordinates"] == pytest.approx([2048, 2048], abs=1)
    assert first["properties"] == {
        "id": camera.id, "count": 1, "surveillance_type": "camera", "camera_type": "dome", "operator_type": "police",
        "status": "covered", "facial_recognition": "suspected", "directions": "90,270", "verified": True,
    }
    assert second["properties"]["directions"] == ""


def test_far_tile_groups_nearby_cameras_and_keeps_a_lone_camera_whole(client):
    z = 10
    x, y = tile_of(z, 20.4573, 44.8176)
    group = [camera_make(lon=tile_point(z, x, y, 0.10 + i * 0.001, 0.10)[0], lat=tile_point(z, x, y, 0.1, 0.10)[1])
             for i in range(3)]
    lone_lon, lone_lat = tile_point(z, x, y, 0.80, 0.60)
    lone = camera_make(lon=lone_lon, lat=lone_lat, surveillance_type="ALPR", operator_type="city")

    features = decode(client.get(f"/api/v1/tiles/{z}/{x}/{y}.mvt").content)

    by_count = sorted(features, key=lambda f: f["properties"]["count"])
    assert [f["properties"]["count"] for f in by_count] == [1, 3]
    single, cluster = by_count
    assert single["properties"] == {"count": 1, "id": lone.id, "surveillance_type": "ALPR", "camera_type": "",
                                    "operator_type": "city", "status": "present", "facial_recognition": "unknown",
                                    "verified": True, "verified_count": 1}
    assert single["geometry"]["coordinates"] == pytest.approx([0.8 * 4096, 0.6 * 4096], abs=1)
    assert cluster["properties"] == {"count": 3, "verified_count": 3}  # no id: a group of three
    assert cluster["geometry"]["coordinates"] == pytest.approx([0.101 * 4096, 0.1 * 4096], abs=2)
    assert len(group) == 3


def test_far_tiles_say_how_many_of_a_group_are_verified_and_take_the_verified_filter(client):
    """A group of imported cameras only is drawn hollow on the map: each group carries
    ``verified_count``, a lone camera ``verified``; ``verified=true|false`` keeps one kind."""
    z = 10
    x, y = tile_of(z, 20.4573, 44.8176)
    at = tile_point(z, x, y, 0.10, 0.10)
    camera_make(lon=at[0], lat=at[1])
    for _ in range(2):
        camera_make(lon=at[0], lat=at[1], source="osm", verified_on=None)
    lone = tile_point(z, x, y, 0.8, 0.6)
    imported = camera_make(lon=lone[0], lat=lone[1], source="osm", verified_on=None)
    url = f"/api/v1/tiles/{z}/{x}/{y}.mvt"

    def properties(query=None):
        return sorted((f["properties"] for f in decode(client.get(url, query or {}).content)), key=lambda p: p["count"])

    assert properties() == [
        {"count": 1, "verified_count": 0, "verified": False, "id": imported.id, "surveillance_type": "camera",
         "camera_type": "", "operator_type": "unknown", "status": "present", "facial_recognition": "unknown"},
        {"count": 3, "verified_count": 1},
    ]
    assert [(p["count"], p["verified_count"]) for p in properties({"verified": "false"})] == [(1, 0), (2, 0)]
    assert [(p["count"], p["verified_count"]) for p in properties({"verified": "true"})] == [(1, 1)]
    assert client.get(url, {"verified": "maybe"}).status_code == 400


def test_world_tile_counts_every_published_camera(client):
    for lon, lat in ((20.45, 44.81), (-84.39, 33.75), (151.2, -33.87), (20.46, 44.82)):
        camera_make(lon=lon, lat=lat)

    features = decode(client.get("/api/v1/tiles/0/0/0.mvt").content)

    assert sum(f["properties"]["count"] for f in features) == 4
    assert len(features) == 3  # the two Belgrade cameras share a cell at zoom 0


def test_tiles_take_the_list_filters(client):
    z, x, y = Z16
    lon, lat = tile_point(z, x, y, 0.5, 0.5)
    police = camera_make(lon=lon, lat=lat, operator_type="police")
    camera_make(lon=lon, lat=lat, operator_type="private")

    features = decode(client.get(f"/api/v1/tiles/{z}/{x}/{y}.mvt", {"operator_type": "police"}).content)

    assert [f["properties"]["id"] for f in features] == [police.id]
    response = client.get(f"/api/v1/tiles/{z}/{x}/{y}.mvt", {"operator_type": "aliens"})
    assert response.status_code == 400 and "operator_type" in response.json()


def test_empty_tile_is_an_empty_body(client):
    response = client.get("/api/v1/tiles/3/1/1.mvt")

    assert response.status_code == 200
    assert response.content == b""


def test_tile_has_cache_headers_and_answers_304_to_its_etag_until_the_data_changes(client):
    z, x, y = Z16
    lon, lat = tile_point(z, x, y, 0.5, 0.5)
    camera = camera_make(lon=lon, lat=lat)
    url = f"/api/v1/tiles/{z}/{x}/{y}.mvt"

    first = client.get(url)
    etag = first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    camera.operator_type = "police"
    camera.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert first.status_code == 200 and etag.startswith('"') and len(etag) > 10
    assert first["Cache-Control"] == "public, max-age=60, stale-while-revalidate=60"
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert decode(changed.content)[0]["properties"]["operator_type"] == "police"


@pytest.mark.parametrize("path, field", [("23/0/0", "z"), ("-1/0/0", "z"), ("2/-1/0", "x"), ("2/0/-1", "y"),
                                         ("3/4194304/0", "x"), ("3/0/4194304", "y")])
def test_tile_coordinates_out_of_bounds_answer_400_naming_them(client, path, field):
    response = client.get(f"/api/v1/tiles/{path}.mvt")

    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.parametrize("path", ["2/4/0", "2/0/4", "0/1/0", "1/0/2", "0/4194303/4194303"])
def test_a_tile_that_does_not_exist_at_its_zoom_is_a_404(client, path):
    """Within the bounds the OpenAPI document states for x and y (0..2^22-1), but past 2^z-1."""
    response = client.get(f"/api/v1/tiles/{path}.mvt")

    assert response.status_code == 404
    assert "There is no such tile" in response.json()["detail"]


def test_tile_queries_do_not_grow_with_the_data(client, django_assert_num_queries):
    z, x, y = Z16
    for i in range(3):
        lon, lat = tile_point(z, x, y, 0.1 + i / 10, 0.5)
        camera_make(lon=lon, lat=lat)
    with django_assert_num_queries(2):  # data version + the tile
        assert len(decode(client.get(f"/api/v1/tiles/{z}/{x}/{y}.mvt", {"status": "present"}).content)) == 3
    for i in range(30):
        lon, lat = tile_point(z, x, y, 0.1 + i / 40, 0.3)
        camera_make(lon=lon, lat=lat)
    with django_assert_num_queries(2):
        assert len(decode(client.get(f"/api/v1/tiles/{z}/{x}/{y}.mvt", {"status": "present"}).content)) == 33


@pytest.fixture(autouse=True)
def _empty_tile_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.mark.postgis
def test_far_tiles_come_from_the_pre_grouped_cells_only_while_those_are_fresh(client):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cameramap.cameras.tile_cells import cells_refresh

    z = 10
    x, y = tile_of(z, 20.4573, 44.8176)
    for i in range(3):
        camera_make(lon=tile_point(z, x, y, 0.10 + i * 0.001, 0.1)[0], lat=tile_point(z, x, y, 0.1, 0.1)[1])
    lone = camera_make(lon=tile_point(z, x, y, 0.8, 0.6)[0], lat=tile_point(z, x, y, 0.8, 0.6)[1], operator_type="city")
    url = f"/api/v1/tiles/{z}/{x}/{y}.mvt"

    def served():
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            features = decode(client.get(url).content)
        from_cells = any("cameras_tile_cells" in q["sql"] and "ST_AsMVT" in q["sql"] for q in context.captured_queries)
        return sorted(features, key=lambda f: f["properties"]["count"]), from_cells

    live, from_cells = served()
    assert not from_cells  # never built for these cameras: grouped live
    assert cells_refresh() is True and cells_refresh() is False  # a second call finds nothing to do
    grouped, from_cells = served()

    assert from_cells
    assert [f["properties"] for f in grouped] == [f["properties"] for f in live]
    assert grouped[1]["properties"] == {"count": 3, "verified_count": 3} and grouped[0]["properties"]["id"] == lone.id
    for mine, theirs in zip(grouped, live):
        assert mine["geometry"]["coordinates"] == pytest.approx(theirs["geometry"]["coordinates"], abs=1)

    camera_make(lon=tile_point(z, x, y, 0.102, 0.1)[0], lat=tile_point(z, x, y, 0.1, 0.1)[1])
    after, from_cells = served()
    assert not from_cells and after[-1]["properties"]["count"] == 4  # the new camera shows at once


@pytest.mark.postgis
def test_filtered_far_tiles_come_from_the_cells_and_match_live_grouping_at_every_zoom(client):
    """The cells keep the filterable attributes apart: a tile filtered on them is read from the
    cells and is the tile grouped live, feature for feature, at every zoom the cells serve; a
    filter the cells do not keep (a date) groups live."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cameramap.cameras import tile_cells

    rng = random.Random(7)
    for _ in range(60):  # a few streets of central Belgrade, mixed operators and types
        camera_make(lon=20.4573 + rng.uniform(-0.02, 0.02), lat=44.8176 + rng.uniform(-0.015, 0.015),
                    operator_type=rng.choice(["police", "city", "private"]),
                    camera_type=rng.choice(["fixed", "dome", "panning"]),
                    **rng.choice([{}, {"source": "osm", "verified_on": None}]))
    assert tile_cells.cells_refresh() is True

    def served(z, query, *, cells):
        x, y = tile_of(z, 20.4573, 44.8176)
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            response = client.get(f"/api/v1/tiles/{z}/{x}/{y}.mvt", query)
        assert response.status_code == 200
        from_cells = any("cameras_tile_cells" in q["sql"] and "ST_AsMVT" in q["sql"] for q in context.captured_queries)
        assert from_cells is cells, (z, query)
        return decode(response.content)

    def live(z, query):
        with connection.cursor() as cursor:  # as if the cells were stale: everything grouped live
            cursor.execute("UPDATE cameras_tile_cells_state SET version = 'stale'")
        try:
            return served(z, query, cells=False)
        finally:
            tile_cells.cells_refresh()

    for query in ({"operator_type": "police"}, {"operator_type": ["police", "city"], "camera_type": "dome"}, {},
                  {"verified": "false"}, {"verified": "true", "operator_type": "city"}):
        for z in range(0, tile_cells.MAX_ZOOM + 1):
            mine, theirs = served(z, query, cells=True), live(z, query)
            assert len(mine) == len(theirs), (z, query)
            for feature in mine:  # the same group, at most a pixel apart (rounding of the mean)
                twin = next(f for f in theirs if f["properties"] == feature["properties"]
                            and f["geometry"]["coordinates"] == pytest.approx(feature["geometry"]["coordinates"], abs=1))
                theirs.remove(twin)
    police = served(14, {"operator_type": "police"}, cells=True)
    assert 0 < sum(f["properties"]["count"] for f in police) < 60
    served(12, {"added_since": "2020-01-01"}, cells=False)


@pytest.mark.postgis
def test_the_cells_are_rebuilt_once_too_old_even_when_the_version_did_not_move(settings):
    """The version is the newest updated_at: a long transaction committing after a later, shorter
    one changes cameras without moving it. The cells' age bounds how long that can go unseen."""
    from django.db import connection

    from cameramap.cameras.tile_cells import cells_refresh

    camera_make()
    assert cells_refresh() is True and cells_refresh() is False
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cameras_tile_cells_state SET built_at = now() - interval '2 hours'")
    settings.TILE_CELLS_MAX_AGE_S = 3600

    assert cells_refresh() is True  # same version, but too old
    assert cells_refresh() is False


def test_the_cells_refresh_task_is_scheduled_and_known_to_celery(settings):
    from cameramap.celery import app

    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["tile-cells-refresh"]
    assert entry["task"] == "cameramap.cameras.tasks.tile_cells_refresh" and entry["task"] in app.tasks
    from cameramap.cameras.tasks import tile_cells_refresh

    assert tile_cells_refresh() is (settings.DATABASES["default"]["ENGINE"].endswith("postgis"))
