"""Survey coverage: the figures per district and the map's street layer on a generated street
grid, each beside a baseline measured in the same run, on a throw-away PostGIS database
(benchmarks/datasets/benchdb.py).

The grid: GRID × GRID street corners over the benchmark districts' box (0.30° × 0.20° around
Belgrade, 12 districts), every block side a street segment — 2 × GRID × (GRID − 1) segments,
50,880 for GRID = 160; 30 % of them looked at on a random day of the last two years, 10,000
published cameras, half of them verified.

1. ``coverage_table`` computed (every district and the city), beside the same computation
   measuring each street piece on its own with exposure's ``length_m`` (what the first version did).
2. ``coverage_table`` read again from the cache (the embedded default's file cache, in a
   throw-away folder), beside the computation of the same run.
3. The layer "where nobody has looked yet" (``street_states``) for 20 boxes of 0.01° (a phone's
   view at zoom 15), p50 and p95.

    .venv/bin/python benchmarks/coverage/run.py [--grid 160] [--write]

``--write`` replaces the section "Survey coverage (issue 17)" of benchmarks/RESULTS.md.
"""

import argparse
import atexit
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("BENCH_DB", "cm_h17c_bench")
CACHE_DIR = tempfile.mkdtemp(prefix="coverage-bench-cache-")
atexit.register(shutil.rmtree, CACHE_DIR, ignore_errors=True)
os.environ.setdefault("CACHE_URL", f"filecache://{CACHE_DIR}")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks" / "datasets"))

from benchdb import BENCH_DB, areas_generate, bench_database, cameras_generate, django_setup, psql  # noqa: E402

WEST, SOUTH, EAST, NORTH = 20.30, 44.70, 20.60, 44.90
BEGIN, END = "<!-- coverage: begin -->", "<!-- coverage: end -->"


def streets_generate(grid: int) -> int:
    """Horizontal and vertical block sides of a grid of corners, as walkable streets."""
    dx, dy = (EAST - WEST) / (grid - 1), (NORTH - SOUTH) / (grid - 1)
    psql(f"""
        INSERT INTO city_streetsegment (osm_id, highway, name, names, name_keys, name_key, geometry, imported_at)
        SELECT row_number() OVER (), 'residential', '', '{{}}'::jsonb, '[]'::jsonb, '', g, now() FROM (
          SELECT ST_MakeLine(ST_MakePoint({WEST} + i * {dx}, {SOUTH} + j * {dy}),
                             ST_MakePoint({WEST} + (i + 1) * {dx}, {SOUTH} + j * {dy}))::geometry(LineString, 4326) g
          FROM generate_series(0, {grid - 2}) i, generate_series(0, {grid - 1}) j
          UNION ALL
          SELECT ST_MakeLine(ST_MakePoint({WEST} + i * {dx}, {SOUTH} + j * {dy}),
                             ST_MakePoint({WEST} + i * {dx}, {SOUTH} + (j + 1) * {dy}))::geometry(LineString, 4326)
          FROM generate_series(0, {grid - 1}) i, generate_series(0, {grid - 2}) j) streets
    """, BENCH_DB)
    return 2 * grid * (grid - 1)


def looks_generate(share: float) -> None:
    psql(f"""
        SELECT setseed(0.17);
        INSERT INTO coverage_streetlook (way_id, day)
        SELECT osm_id, CURRENT_DATE - 3 - floor(random() * 730)::int FROM city_streetsegment WHERE random() < {share}
    """, BENCH_DB)
    psql("UPDATE cameras_camera SET verified_on = NULL WHERE id % 2 = 0", BENCH_DB)


def timed(work, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(grid: int) -> dict:
    import numpy as np

    from cameramap.coverage import figures
    from cameramap.coverage.selectors import street_states
    from cameramap.exposure.services import length_m
    from cameramap.geo import Bbox

    ours = timed(lambda: figures.table_compute(months=6))
    table = figures.coverage_table(months=6)  # computed once more, and cached
    cached = timed(lambda: figures.coverage_table(months=6), runs=50)
    assert figures.coverage_table(months=6) == table  # the same table, from the cache
    vectorised = figures.lengths_m
    figures.lengths_m = lambda geometries: np.array([length_m(g) for g in geometries])
    try:
        baseline = timed(lambda: figures.table_compute(months=6), runs=1)
        assert figures.table_compute(months=6)["city"] == table["city"]  # the same figures
    finally:
        figures.lengths_m = vectorised
    rng = random.Random(7)
    layer, sizes = [], []
    for _ in range(20):
        west, south = rng.uniform(WEST, EAST - 0.01), rng.uniform(SOUTH, NORTH - 0.01)
        start = time.perf_counter()
        sizes.append(len(street_states(Bbox(west, south, west + 0.01, south + 0.01), recent_since=date(2026, 6, 5))))
        layer.append(time.perf_counter() - start)
    layer.sort()
    return {"table": ours, "cached": cached, "baseline": baseline, "city": table["city"],
            "districts": len(table["areas"]),
            "layer_p50": layer[len(layer) // 2], "layer_p95": layer[int(len(layer) * 0.95) - 1],
            "layer_streets": statistics.median(sizes)}


def report(grid: int, segments: int, m: dict) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version(), postgis_lib_version()")
        pg, postgis = cursor.fetchone()
    load = os.getloadavg()[0]
    city = m["city"]
    return f"""{BEGIN}
## Survey coverage (issue 17)

`benchmarks/coverage/run.py` on 2026-12-05, {platform.machine()} with 2 cores, CPython {platform.python_version()},
{pg.split(' on ')[0]}, PostGIS {postgis}; load average {load:.1f} at the end (the machine was shared). A generated
grid of {segments:,} street segments ({grid} × {grid} corners) over 12 districts, 30 % of them looked at on a random
day of the last two years, 10,000 cameras (half verified). Median of 3 runs (the baseline: 1 run); the baseline is the
same computation measuring each street piece on its own with exposure's `length_m`, in the same process, and gives the
same figures. The cached read is a second read of the same table: the cache key's one query (the cameras' version) and
a read of the embedded default's file cache (`CACHE_URL` `filecache://`); it is compared with the computation of the
same run.

| measurement | ours | baseline | baseline / ours |
|---|---|---|---|
| `coverage_table` computed (the city and {m['districts']} districts) | {m['table']:.2f} s | {m['baseline']:.2f} s | {m['baseline'] / m['table']:.1f} |
| `coverage_table` cached read, median of 50 (baseline: computed, above) | {m['cached'] * 1000:.2f} ms | {m['table']:.2f} s | {m['table'] / m['cached']:,.0f} |
| the layer for a 0.01° box (about {m['layer_streets']:.0f} streets), p50 / p95 of 20 | {m['layer_p50'] * 1000:.0f} / {m['layer_p95'] * 1000:.0f} ms | | |

City figures of the run: {city['street_m'] / 1000:,.1f} km of street, {city['surveyed_share'] * 100:.1f} % looked at,
{city['not_looked_at_share'] * 100:.1f} % not looked at for 6 months, {city['cameras_per_surveyed_km']} verified cameras
per km looked at.
{END}"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--grid", type=int, default=160)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    with bench_database():
        django_setup()
        areas_generate()
        cameras_generate(10_000)
        segments = streets_generate(args.grid)
        looks_generate(0.30)
        text = report(args.grid, segments, measure(args.grid))
    print(text)
    if args.write:
        results = ROOT / "benchmarks" / "RESULTS.md"
        current = results.read_text()
        if BEGIN in current:
            current = current[:current.index(BEGIN)] + text + current[current.index(END) + len(END):]
        else:
            current = current.rstrip("\n") + "\n\n" + text + "\n"
        results.write_text(current)


if __name__ == "__main__":
    main()
