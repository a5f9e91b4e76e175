"""Read-path benchmark of the public API (PostGIS): city viewports, vector tiles z10–z17 and
camera details, each beside the naive DRF way (GeoFeatureModelSerializer over model instances)
on the same data in the same run, and beside the raw SQL of the same query (the floor).

    DATABASE_URL=postgis://user:pass@127.0.0.1:5432/cm_bench .venv/bin/python benchmarks/read_benchmark.py [--write]

Load data first with benchmarks/camera_generator.py. Requests go through the real views and
JSON rendering in-process (DRF's APIRequestFactory), without HTTP; tiles are measured cold
(the tile cache is a dummy cache here). --write puts the table in benchmarks/RESULTS.md.
"""

import argparse
import math
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cameramap.settings.base")
os.environ["CACHE_URL"] = "dummycache://"  # tiles are timed cold, not from the cache

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.generics import ListAPIView, RetrieveAPIView  # noqa: E402
from rest_framework.test import APIRequestFactory  # noqa: E402
from rest_framework_gis.pagination import GeoJsonPagination  # noqa: E402

from api import cameras as camera_views  # noqa: E402
from api import tiles as tile_views  # noqa: E402
from api.camera_serializers import CameraDetailSerializer, CameraFeatureSerializer  # noqa: E402
from api.filters import CameraListFilter  # noqa: E402
from benchmarks.camera_generator import CITIES, city_shares  # noqa: E402
from cameramap.cameras.models import Camera  # noqa: E402
from cameramap.cameras.selectors import cameras_published  # noqa: E402
from cameramap.cameras import tile_cells  # noqa: E402
from cameramap.cameras.tiles import Tile, tile_sql  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
SECTION = "## Public map and read API (issue 5)"
factory = APIRequestFactory()


class NaivePagination(GeoJsonPagination):
    page_size = 2000


class NaiveList(ListAPIView):
    """What DRF + djangorestframework-gis give out of the box: model instances through
    GeoFeatureModelSerializer, the same filters, pages of 2,000."""

    queryset = Camera.objects.filter(published=True, merged_into__isnull=True)
    serializer_class = CameraFeatureSerializer
    filterset_class = CameraListFilter
    pagination_class = NaivePagination


class NaiveDetail(RetrieveAPIView):
    queryset = Camera.objects.filter(published=True, merged_into__isnull=True)
    serializer_class = CameraDetailSerializer
    lookup_url_kwarg = "camera_id"


ours_list = camera_views.CameraListView.as_view()
ours_detail = camera_views.CameraDetailView.as_view()
ours_tile = tile_views.CameraTileView.as_view()
naive_list = NaiveList.as_view()
naive_detail = NaiveDetail.as_view()


def call(view, path, params=None, **kwargs):
    response = view(factory.get(path, params or {}), **kwargs)
    if hasattr(response, "render"):
        response.render()
    assert response.status_code == 200, (path, params, response.status_code, response.content[:300])
    return response


def timed(function, inputs) -> list[float]:
    samples = []
    for item in inputs:
        started = time.perf_counter()
        function(item)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def p(samples, q) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1)]


def random_city_point(rng, spread_m=2500):
    shares = city_shares(1000)
    name, lon, lat = rng.choices(CITIES, weights=shares)[0]
    dy, dx = rng.gauss(0, spread_m) / 111_320, rng.gauss(0, spread_m) / (111_320 * math.cos(math.radians(lat)))
    return lon + dx, lat + dy


def viewports(rng, n):
    """Boxes the size of a laptop map at zoom 15 (~1.7 × 1.1 km) around city centres."""
    boxes = []
    for _ in range(n):
        lon, lat = random_city_point(rng)
        w, h = 0.011, 0.005
        boxes.append(f"{lon - w:.6f},{lat - h:.6f},{lon + w:.6f},{lat + h:.6f}")
    return boxes


def tiles_at(rng, z, n):
    out = []
    for _ in range(n):
        lon, lat = random_city_point(rng, spread_m=4000)
        count = 2**z
        x = int((lon + 180) / 360 * count)
        y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * count)
        out.append(Tile(z, x, y))
    return out


def raw_viewport(bbox):
    west, south, east, north = (float(v) for v in bbox.split(","))
    with connection.cursor() as cursor:
        where = ("published AND merged_into_id IS NULL AND location && ST_MakeEnvelope(%s, %s, %s, %s, 4326)")
        cursor.execute(f"SELECT count(*) FROM cameras_camera WHERE {where}", [west, south, east, north])
        cursor.fetchone()
        cursor.execute(
            "SELECT id, surveillance, surveillance_type, camera_type, mount, zone, height, directions, operator,"
            " operator_type, manufacturer, model, facial_recognition, facial_recognition_evidence, sign_present,"
            " status, confirmations, first_seen, last_confirmed, source, osm_type, osm_id, ST_X(location), ST_Y(location)"
            f" FROM cameras_camera WHERE {where} ORDER BY id LIMIT 2000", [west, south, east, north])
        return cursor.fetchall()


def raw_tile(tile, queryset=None, cell_filters=None):
    """The tile's one statement: from the cells when ``queryset`` is None (``cell_filters``
    narrowing them), else grouped live from ``queryset``."""
    if queryset is None and tile.z <= tile_cells.MAX_ZOOM:
        sql, params = tile_cells.cells_tile_sql(tile, cell_filters)
    else:
        sql, params = tile_sql(tile, cameras_published() if queryset is None else queryset)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def raw_detail(camera_id):
    with connection.cursor() as cursor:
        cursor.execute("SELECT *, ST_AsGeoJSON(location) FROM cameras_camera WHERE id = %s", [camera_id])
        cursor.fetchone()
        cursor.execute(
            "SELECT p.* FROM cameras_photo p JOIN cameras_report r ON r.id = p.report_id"
            " WHERE r.camera_id = %s AND r.status IN ('approved', 'merged') AND p.state = 'done'", [camera_id])
        return cursor.fetchall()


def queries_of(function, item) -> int:
    with CaptureQueriesContext(connection) as context:
        function(item)
    return len(context.captured_queries)


def row(name, ours, naive, floor, queries, extra=""):
    ratio = p(naive, 95) / p(ours, 95) if naive else None
    naive_text = f"{p(naive, 50):.1f} / {p(naive, 95):.1f}" if naive else "–"
    return (f"| {name} | {p(ours, 50):.1f} / {p(ours, 95):.1f} | {naive_text} | "
            f"{'%.1f×' % ratio if ratio else '–'} | {p(floor, 50):.1f} / {p(floor, 95):.1f} | {queries} | {extra} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=200, help="requests per measurement (naive: a quarter)")
    parser.add_argument("--write", action="store_true", help="write the table into benchmarks/RESULTS.md")
    args = parser.parse_args()
    assert connection.vendor == "postgresql", "the read benchmark runs on PostGIS"
    rng = random.Random(5)
    n, n_naive = args.samples, max(20, args.samples // 4)
    total = cameras_published().count()
    print(f"published cameras: {total:,}", flush=True)
    with connection.cursor() as cursor:  # force a full rebuild, timed
        cursor.execute("DELETE FROM cameras_tile_cells_state")
    started = time.perf_counter()
    tile_cells.cells_refresh()
    refresh_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cameras_tile_cells")
        (cells,) = cursor.fetchone()
    print(f"cells: {cells:,} rebuilt in {refresh_s:.1f} s", flush=True)
    lines = []

    boxes = viewports(rng, n)
    list_ours = lambda bbox: call(ours_list, "/api/v1/cameras/", {"bbox": bbox, "limit": 2000})  # noqa: E731
    list_naive = lambda bbox: call(naive_list, "/api/v1/cameras/", {"bbox": bbox})  # noqa: E731
    for bbox in boxes[:10]:  # warm up caches and connections
        list_ours(bbox), raw_viewport(bbox)
    sizes = [len(raw_viewport(bbox)) for bbox in boxes]
    ours = timed(list_ours, boxes)
    naive = timed(list_naive, boxes[:n_naive])
    floor = timed(raw_viewport, boxes)
    queries = {queries_of(list_ours, boxes[i]) for i in (sizes.index(min(sizes)), sizes.index(max(sizes)))}
    lines.append(row("city viewport GeoJSON", ours, naive, floor, "/".join(map(str, sorted(queries))),
                     f"{statistics.mean(sizes):.0f} features on average, max {max(sizes)}"))
    print(lines[-1], flush=True)

    for z in range(10, 18):
        tiles = tiles_at(rng, z, n)
        tile_ours = lambda t: call(ours_tile, "/tile", z=str(t.z), x=str(t.x), y=str(t.y))  # noqa: E731
        tile_naive = lambda t: call(naive_list, "/api/v1/cameras/", {"bbox": ",".join(  # noqa: E731
            f"{v:.6f}" for v in (t.bbox().west, t.bbox().south, t.bbox().east, t.bbox().north))})
        for t in tiles[:5]:
            tile_ours(t)
        byte_sizes = [len(tile_ours(t).content) for t in tiles[:20]]
        ours = timed(tile_ours, tiles)
        naive = timed(tile_naive, tiles[:n_naive])
        floor = timed(raw_tile, tiles)
        lines.append(row(f"tile z{z}", ours, naive, floor, queries_of(tile_ours, tiles[0]),
                         f"{statistics.mean(byte_sizes) / 1024:.1f} KiB on average" +
                         (", from the pre-grouped cells" if z <= tile_cells.MAX_ZOOM else "")))
        print(lines[-1], flush=True)
        if z <= tile_cells.MAX_ZOOM:  # a filtered far tile: from the cells too (they keep operator types apart)
            filtered = lambda t: ours_tile(factory.get("/tile", {"operator_type": "police"}),  # noqa: E731
                                           z=str(t.z), x=str(t.x), y=str(t.y))
            naive_filtered = lambda t: call(naive_list, "/api/v1/cameras/", {"operator_type": "police", "bbox": ",".join(  # noqa: E731
                f"{v:.6f}" for v in (t.bbox().west, t.bbox().south, t.bbox().east, t.bbox().north))})
            raw_filtered = lambda t: raw_tile(t, cell_filters={"operator_type": ["police"]})  # noqa: E731
            raw_live = lambda t: raw_tile(t, cameras_published().filter(operator_type="police"))  # noqa: E731
            ours = timed(filtered, tiles)
            naive = timed(naive_filtered, tiles[:n_naive])
            floor = timed(raw_filtered, tiles)
            live = timed(raw_live, tiles)
            lines.append(row(f"tile z{z}, filtered (police)", ours, naive, floor, queries_of(filtered, tiles[0]),
                             f"from the cells; grouping live instead: {p(live, 50):.1f} / {p(live, 95):.1f} "
                             "(raw SQL)"))
            print(lines[-1], flush=True)

    ids = list(cameras_published().order_by("?").values_list("id", flat=True)[:n])
    detail_ours = lambda i: call(ours_detail, f"/api/v1/cameras/{i}/", camera_id=i)  # noqa: E731
    detail_naive = lambda i: call(naive_detail, f"/api/v1/cameras/{i}/", camera_id=i)  # noqa: E731
    for i in ids[:10]:
        detail_ours(i)
    ours, naive, floor = timed(detail_ours, ids), timed(detail_naive, ids[:n_naive]), timed(raw_detail, ids)
    lines.append(row("camera detail", ours, naive, floor, queries_of(detail_ours, ids[0]),
                     "the reference serializer itself: one camera needs no fast path"))
    print(lines[-1], flush=True)

    with connection.cursor() as cursor:
        cursor.execute("SELECT version(), postgis_lib_version()")
        pg, postgis = cursor.fetchone()
    table = "\n".join([
        SECTION, "",
        f"`benchmarks/read_benchmark.py --samples {n}` on {total:,} published cameras "
        "(`camera_generator.py --count 1000000`: 1,000,000 synthetic city-clustered cameras plus the 61,768 real "
        f"OSM fixture), {pg.split(' on ')[0]}, PostGIS {postgis}, on the 2-core development machine. "
        "Milliseconds, p50 / p95, per request through the view and JSON rendering (no HTTP). "
        f"Naive: DRF ListAPIView + GeoFeatureModelSerializer over model instances, same filters, pages of 2,000 "
        f"({n_naive} samples; for tiles, the naive way to fill the tile's box: its GeoJSON list). "
        "Floor: the same query's raw SQL through a cursor. Ratio: naive p95 / ours p95. "
        "Targets: tile p95 ≤ 25 ms, viewport p95 ≤ 100 ms, constant queries per request "
        "(also asserted by tests with django_assert_num_queries). "
        f"Far tiles (z ≤ {tile_cells.MAX_ZOOM}, unfiltered or filtered by type, operator type, facial recognition "
        f"or status) read the pre-grouped cells: {cells:,} rows over levels 2–{tile_cells.LEVEL}, rebuilt "
        f"(a new table built beside the old one and swapped in) in {refresh_s:.1f} s by a periodic task when cameras "
        "change.", "",
        "| measurement | ours p50 / p95 | naive p50 / p95 | ratio | raw SQL p50 / p95 | queries | notes |",
        "|---|---|---|---|---|---|---|",
        *lines, "",
    ])
    print(table)
    if args.write:
        text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n\n"
        if SECTION in text:
            before, _, after = text.partition(SECTION)
            # The section ends where the next one (or another script's <!-- marker -->) begins.
            ends = [i for i in (after.find("\n## "), after.find("\n<!-- ")) if i >= 0]
            text = before + table + (after[min(ends) + 1:] if ends else "")
        else:
            text = text.rstrip("\n") + "\n\n" + table
        RESULTS.write_text(text)


if __name__ == "__main__":
    main()
