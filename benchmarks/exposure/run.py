"""Streets under watch at city scale (issue 17): fields of view for every camera, the exposure
of the city and its districts in PostGIS SQL, and the ``streets`` vector tiles — each beside a
naive baseline timed in the same run.

The data is generated: a square street grid of blocks (``--blocks`` per side, 80 m apart; 158
makes 50,244 segments split at every junction, a 12.6 km city), one building per block set back
10 m from the streets, 4 × 4 districts over it, and ``--cameras`` cameras on the pavements (4 m
from a street), facing a random way, with a mix of kinds like real ones (fixed, dome, panning,
ALPR, and some without a recorded direction), operators and verification.

Baselines:
- exposure: the naive computation — per street segment, every camera's field of view tested
  against it in Python (no index), the hits united, the segment cut by the union — timed on a
  random sample of segments and scaled to all of them;
- streets tile: the same tile computed live per request (the segments and views in the tile's
  box from the index, united and cut in Python, encoded) instead of read from the stored parts.

Usage (a PostGIS database of its own; the tables are emptied first):
    DATABASE_URL=postgis://user:pass@127.0.0.1:5432/cm_bench .venv/bin/python manage.py migrate
    DATABASE_URL=… .venv/bin/python benchmarks/exposure/run.py [--blocks 158] [--cameras 100000] [--write]
``--write`` replaces the section "Streets under watch (issue 17)" of benchmarks/RESULTS.md.
"""

import argparse
import math
import os
import platform
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cameramap.settings.base")

import django  # noqa: E402

django.setup()

import mapbox_vector_tile  # noqa: E402
import numpy as np  # noqa: E402
import shapely  # noqa: E402
from django.contrib.gis.geos import GEOSGeometry  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import RequestFactory, override_settings  # noqa: E402
from shapely import wkb  # noqa: E402
from shapely.geometry import LineString, MultiPolygon, box  # noqa: E402
from shapely.ops import unary_union  # noqa: E402

from api.street_tiles import StreetTileView  # noqa: E402
from cameramap.cameras.models import Area, Camera  # noqa: E402
from cameramap.cameras.tiles import EXTENT, Tile  # noqa: E402
from cameramap.city.models import Building, StreetSegment  # noqa: E402
from cameramap.exposure.fov import LocalProjection  # noqa: E402
from cameramap.exposure.models import FieldOfView, StreetExposure, StreetView  # noqa: E402
from cameramap.exposure.services import NOT_WALKABLE, exposure_update, fov_update, length_m  # noqa: E402
from cameramap.exposure.street_tiles import _search_box, _to_tile  # noqa: E402
from cameramap.geo import in_bbox  # noqa: E402

ORIGIN = (20.40, 44.78)
BLOCK_M = 80.0
KINDS = [  # (weight, camera_type, surveillance_type, has direction)
    (50, "fixed", "camera", True), (20, "dome", "camera", True), (10, "panning", "camera", True),
    (10, "", "ALPR", True), (10, "", "camera", False),
]
GRID = LocalProjection(*ORIGIN)
MARK = "## Streets under watch (issue 17)"


def geos(shape_m) -> GEOSGeometry:
    return GEOSGeometry(memoryview(wkb.dumps(GRID.to_degrees(shape_m))), srid=4326)


def city_generate(blocks: int, cameras: int, rng: random.Random) -> dict:
    """Empty the tables and lay out the streets, buildings, districts and cameras."""
    for model in (StreetView, StreetExposure, FieldOfView, Camera, Area, Building, StreetSegment):
        model.objects.all().delete()
    size = blocks * BLOCK_M
    streets, osm_id = [], 1
    for i in range(blocks + 1):
        for j in range(blocks):
            a = i * BLOCK_M
            streets.append(StreetSegment(osm_id=osm_id, highway="residential", name=f"Street {i}",
                                         geometry=geos(LineString([(j * BLOCK_M, a), ((j + 1) * BLOCK_M, a)]))))
            streets.append(StreetSegment(osm_id=osm_id + 1, highway="residential", name=f"Avenue {i}",
                                         geometry=geos(LineString([(a, j * BLOCK_M), (a, (j + 1) * BLOCK_M)]))))
            osm_id += 2
    StreetSegment.objects.bulk_create(streets, batch_size=5000)
    buildings = [Building(osm_id=k, building="yes", footprint=geos(box(x * BLOCK_M + 10, y * BLOCK_M + 10,
                                                                        (x + 1) * BLOCK_M - 10, (y + 1) * BLOCK_M - 10)))
                 for k, (x, y) in enumerate((x, y) for x in range(blocks) for y in range(blocks))]
    Building.objects.bulk_create(buildings, batch_size=5000)
    quarter = size / 4
    Area.objects.bulk_create([Area(name=f"District {x}-{y}", slug=f"district-{x}-{y}",
                                   boundary=geos(MultiPolygon([box(x * quarter, y * quarter, (x + 1) * quarter, (y + 1) * quarter)])))
                              for x in range(4) for y in range(4)])
    weights = [k[0] for k in KINDS]
    rows = []
    for _ in range(cameras):
        along, street, side = rng.uniform(0, size), rng.randrange(blocks + 1) * BLOCK_M, rng.choice((-4.0, 4.0))
        x, y = (along, street + side) if rng.random() < 0.5 else (street + side, along)
        _w, camera_type, surveillance_type, directed = rng.choices(KINDS, weights)[0]
        lon, lat = GRID.to_degrees(shapely.Point(x, y)).coords[0]
        rows.append(Camera(location=GEOSGeometry(f"POINT({lon} {lat})", srid=4326), published=True, source="osm",
                           camera_type=camera_type, surveillance_type=surveillance_type,
                           directions=[rng.randrange(360)] if directed else [],
                           operator_type=rng.choice(["police", "city", "private", "unknown", "unknown"]),
                           facial_recognition="suspected" if rng.random() < 0.1 else "unknown",
                           verified_on=date(2026, 1, 10) if rng.random() < 0.6 else None))
    Camera.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"segments": len(streets), "buildings": len(buildings), "cameras": cameras, "size_km": size / 1000}


def timed(function, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def naive_exposure_per_segment(sample: int, rng: random.Random) -> tuple[float, int]:
    """Seconds per segment of the naive computation (every view tested against the segment)."""
    views = [wkb.loads(bytes(g.wkb)) for g in
             FieldOfView.objects.filter(geometry__isnull=False).values_list("geometry", flat=True).iterator(chunk_size=5000)]
    ids = list(StreetSegment.objects.exclude(highway__in=NOT_WALKABLE).values_list("pk", flat=True))
    chosen = StreetSegment.objects.filter(pk__in=rng.sample(ids, sample)).values_list("geometry", flat=True)
    lines = [wkb.loads(bytes(g.wkb)) for g in chosen]
    start = time.perf_counter()
    for line in lines:
        hits = [view for view in views if view.intersects(line)]
        if hits:
            length_m(line.intersection(unary_union(hits)))
    return (time.perf_counter() - start) / len(lines), len(views)


def tile_naive(tile: Tile) -> bytes:
    """The tile computed live: segments and views from the index, united and cut per request."""
    bbox = _search_box(tile)
    segments = in_bbox(StreetSegment.objects.exclude(highway__in=NOT_WALKABLE), bbox, "geometry")
    lines = [(pk, wkb.loads(bytes(g.wkb))) for pk, g in segments.values_list("pk", "geometry")]
    views = [wkb.loads(bytes(g.wkb)) for g in in_bbox(FieldOfView.objects.filter(
        geometry__isnull=False, camera__published=True, camera__status="present"), bbox, "geometry").values_list("geometry", flat=True)]
    seen = unary_union(views) if views else None
    transform, features = _to_tile(tile), []
    for pk, line in lines:
        parts = [(False, line)] if seen is None else [(True, line.intersection(seen)), (False, line.difference(seen))]
        for in_view, part in parts:
            part = shapely.clip_by_rect(shapely.transform(part, transform), -64, -64, EXTENT + 64, EXTENT + 64)
            if not part.is_empty and part.length > 0:
                features.append({"geometry": part.wkt, "properties": {"id": pk, "in_view": in_view}})
    return mapbox_vector_tile.encode([{"name": "streets", "features": features}],
                                     default_options={"extents": EXTENT, "y_coord_down": True}) if features else b""


def tiles_sample(blocks: int, z: int, count: int, rng: random.Random) -> list[Tile]:
    size = blocks * BLOCK_M
    tiles = []
    for _ in range(count):
        lon, lat = GRID.to_degrees(shapely.Point(rng.uniform(0, size), rng.uniform(0, size))).coords[0]
        n = 2**z
        tiles.append(Tile(z, int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)))
    return tiles


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[max(0, math.ceil(len(ordered) * 0.95) - 1)] * 1000


def tile_timings(tiles: list[Tile]) -> tuple[list[float], list[int]]:
    view, factory = StreetTileView.as_view(), RequestFactory()
    times, sizes = [], []
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
        for tile in tiles:
            request = factory.get(f"/api/v1/tiles/streets/{tile.z}/{tile.x}/{tile.y}.mvt")
            seconds, response = timed(view, request, z=str(tile.z), x=str(tile.x), y=str(tile.y))
            assert response.status_code == 200
            times.append(seconds)
            sizes.append(len(response.content))
    return times, sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--blocks", type=int, default=158)
    parser.add_argument("--cameras", type=int, default=100_000)
    parser.add_argument("--naive-sample", type=int, default=40, help="segments the naive exposure is timed on")
    parser.add_argument("--tiles", type=int, default=200, help="tiles per zoom")
    parser.add_argument("--with-python", action="store_true", help="also time the Shapely path (the embedded default's)")
    parser.add_argument("--reuse", type=float, default=None, metavar="FOV_SECONDS",
                        help="keep the city and fields of view in the database (from an earlier run that took FOV_SECONDS)")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this on PostGIS (DATABASE_URL=postgis://…).")
    rng = random.Random(17)
    if args.reuse is None:
        seconds, city = timed(city_generate, args.blocks, args.cameras, rng)
        print(f"generated {city} in {seconds:.1f} s", flush=True)
        fov_s, _ = timed(fov_update)
    else:
        city = {"segments": StreetSegment.objects.count(), "buildings": Building.objects.count(),
                "cameras": Camera.objects.count(), "size_km": args.blocks * BLOCK_M / 1000}
        fov_s = args.reuse
    print(f"fields of view: {fov_s:.1f} s", flush=True)
    sql_s, rows = timed(exposure_update, engine="sql")
    city_row = StreetExposure.objects.get(area=None, scope="all", verified_only=False)
    print(f"exposure in SQL: {sql_s:.1f} s, {rows} figures, city share {city_row.share:.4f}", flush=True)
    python_s = None
    if args.with_python:
        python_s, _ = timed(exposure_update, engine="python")
        print(f"exposure in Python (Shapely): {python_s:.1f} s", flush=True)
        exposure_update(engine="sql")
    per_segment, views = naive_exposure_per_segment(args.naive_sample, rng)
    naive_s = per_segment * city["segments"]
    print(f"naive: {per_segment * 1000:.1f} ms per segment over {views} views → {naive_s:.0f} s for all", flush=True)
    tile_rows = []
    for z in (15, 16, 17):
        tiles = tiles_sample(args.blocks, z, args.tiles, rng)
        times, sizes = tile_timings(tiles)
        naive_times = [timed(tile_naive, t)[0] for t in tiles[: max(10, args.tiles // 10)]]
        tile_rows.append((z, percentiles(times), percentiles(naive_times), statistics.mean(sizes) / 1024, len(naive_times)))
        print(f"tile z{z}: {tile_rows[-1]}", flush=True)
    report = results_text(args, city, fov_s, sql_s, python_s, naive_s, per_segment, views, tile_rows, city_row)
    print(report)
    if args.write:
        results_write(report)


def results_text(args, city, fov_s, sql_s, python_s, naive_s, per_segment, views, tile_rows, city_row) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT split_part(version(), ' on ', 1), postgis_lib_version()")
        pg, postgis = cursor.fetchone()
    lines = [
        MARK, "",
        f"`benchmarks/exposure/run.py --blocks {args.blocks} --cameras {args.cameras}` on a generated street grid: "
        f"{city['segments']:,} segments (a {city['size_km']:.1f} km square city, blocks of 80 m), {city['buildings']:,} "
        f"buildings, 16 districts, {city['cameras']:,} cameras on its pavements. Machine: 2 cores, 24 GiB, "
        f"{platform.machine()}, {pg}, PostGIS {postgis}, CPython {platform.python_version()}, 2026-12-05, with other "
        f"work sharing the cores. One run; the ratios compare figures of the same run.",
        "",
        "| measurement | ours | baseline (same run) | ratio | notes |",
        "|---|---|---|---|---|",
        f"| fields of view, all cameras | {fov_s:.0f} s | – | – | Python (Shapely) per camera, buildings fetched through the "
        f"index; {args.cameras / fov_s:,.0f} cameras/s |",
        f"| exposure, city + 16 districts × 6 figures (PostGIS SQL) | {sql_s:.1f} s | naive per-segment/per-camera: "
        f"{naive_s:,.0f} s (scaled from {args.naive_sample} segments, {per_segment * 1000:.0f} ms each over {views:,} views) | "
        f"{naive_s / sql_s:,.0f}× | target ≤ 60 s; city share in view {city_row.share * 100:.1f} %; the naive figure is "
        f"the city's \"all cameras\" alone, ours all 102 figures and every street's parts |",
    ]
    if python_s is not None:
        lines.append(f"| exposure, the same (Shapely, the embedded path) | {python_s:.1f} s | SQL: {sql_s:.1f} s | "
                     f"{python_s / sql_s:.1f}× slower | one union of every view per figure |")
    for z, (p50, p95), (n50, n95), kib, naive_count in tile_rows:
        lines.append(f"| streets tile z{z}, p50 / p95 | {p50:.1f} / {p95:.1f} ms | computed live per request: "
                     f"{n50:.0f} / {n95:.0f} ms ({naive_count} tiles) | {n95 / p95:.0f}× (p95) | target p95 ≤ 25 ms; "
                     f"{kib:.1f} KiB on average; through the view, no cache, {args.tiles} tiles |")
    return "\n".join(lines) + "\n"


def results_write(report: str) -> None:
    path = ROOT / "benchmarks" / "RESULTS.md"
    text = path.read_text()
    if MARK in text:
        start = text.index(MARK)
        end = text.find("\n## ", start + len(MARK))
        text = text[:start] + report + ("" if end < 0 else text[end:])
    else:
        text = text.rstrip("\n") + "\n\n" + report
    path.write_text(text)


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
