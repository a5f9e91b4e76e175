"""Walking routes on a generated city: p95 of GET /api/v1/routes/ on a street grid of about 50,000
segments with 100,000 cameras, beside an unindexed graph search over the same edges in the same run.

    DATABASE_URL=postgis://user:pass@127.0.0.1:5432/cm_routes_bench .venv/bin/python benchmarks/routes_benchmark.py [--write]
    … benchmarks/routes_benchmark.py --city ../shared/fixtures/osm/helsinki-centre.osm.pbf [--write]

It empties the streets and cameras of that database first: give it a database of its own. The grid:
158 × 158 blocks of 80 m (50,244 segments, 12.6 km a side, in Belgrade's latitude), every segment
its own OSM way; 100,000 published cameras at random points of the grid, of the usual kinds, their
fields of view computed by the product's own code (exposure.fov_update), then the walking graph
(routes.route_graph_update). Requests go through the real view in-process (no HTTP), from and to
random points 300 m – 3 km apart. The baseline is what one writes without an index or an engine:
every edge read from the table for every request, an adjacency list, and Dijkstra with a binary
heap (heapq) from the start, for the shortest route and the same alphas as the planner. --write
puts the table in benchmarks/RESULTS.md.

With --city, a real OSM extract instead of the grid, for realism: its streets, buildings and
cameras imported as `city_import` and `osm_import` do, and requests between random points of its
streets 300 m – 1.5 km apart (its own section in RESULTS.md).
"""

import argparse
import heapq
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

import django  # noqa: E402

django.setup()

from django.contrib.gis.geos import LineString, Point  # noqa: E402
from django.db import connection  # noqa: E402
from rest_framework.test import APIRequestFactory  # noqa: E402

from api.routes import RouteView  # noqa: E402
from cameramap.cameras.models import Camera  # noqa: E402
from cameramap.city.models import StreetSegment  # noqa: E402
from cameramap.exposure.fov import LocalProjection  # noqa: E402
from cameramap.exposure.models import FieldOfView  # noqa: E402
from cameramap.exposure.services import fov_update  # noqa: E402
from cameramap.routes import engines  # noqa: E402
from cameramap.routes.models import RouteEdge  # noqa: E402
from cameramap.routes.planner import ALPHAS  # noqa: E402
from cameramap.routes.services import route_graph_update  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
SECTION = "## Walking routes (issue 17)"
CITY_SECTION = "## Walking routes on the Helsinki centre (issue 17)"
LON, LAT = 20.4573, 44.8176
BLOCKS, BLOCK_M = 158, 80.0
GRID = LocalProjection(LON, LAT)
factory = APIRequestFactory()


def degrees(x: float, y: float) -> tuple[float, float]:
    return (LON + x / GRID.kx, LAT + y / GRID.ky)


def grid_load(cameras: int, seed: int) -> dict:
    """Streets and cameras, their fields of view and the graph; seconds each step took."""
    took = {}
    FieldOfView.objects.all().delete()
    Camera.objects.all().delete()
    StreetSegment.objects.all().delete()
    RouteEdge.objects.all().delete()
    start = time.perf_counter()
    rows, osm_id = [], 0
    for i in range(BLOCKS + 1):
        for j in range(BLOCKS):
            for a, b in (((i, j), (i, j + 1)), ((j, i), (j + 1, i))):  # a north-south and an east-west block
                osm_id += 1
                line = LineString([degrees(a[0] * BLOCK_M, a[1] * BLOCK_M), degrees(b[0] * BLOCK_M, b[1] * BLOCK_M)], srid=4326)
                rows.append(StreetSegment(osm_id=osm_id, highway="residential", geometry=line))
    StreetSegment.objects.bulk_create(rows, batch_size=5000)
    took["streets"] = time.perf_counter() - start
    rng = random.Random(seed)
    side = BLOCKS * BLOCK_M
    start = time.perf_counter()
    batch = []
    for _ in range(cameras):
        kind = rng.choices(["fixed", "dome", "panning"], [0.6, 0.3, 0.1])[0]
        batch.append(Camera(location=Point(*degrees(rng.uniform(0, side), rng.uniform(0, side)), srid=4326), published=True,
                            camera_type=kind, directions=[rng.randrange(360)] if rng.random() < 0.8 else [],
                            operator_type=rng.choices(["police", "city", "private", "unknown"], [0.2, 0.2, 0.3, 0.3])[0],
                            facial_recognition=rng.choices(["unknown", "suspected"], [0.95, 0.05])[0]))
    Camera.objects.bulk_create(batch, batch_size=5000)
    took["cameras"] = time.perf_counter() - start
    start = time.perf_counter()
    fov_update()
    took["fields_of_view"] = time.perf_counter() - start
    start = time.perf_counter()
    took["edges"] = route_graph_update()
    took["graph"] = time.perf_counter() - start
    return took


def city_load(path: str) -> dict:
    """A real extract: streets and buildings, its cameras, their fields of view and the graph."""
    from django.core.management import call_command

    from cameramap.city.services import city_import

    FieldOfView.objects.all().delete()
    Camera.objects.all().delete()
    city_import(Path(path))
    call_command("osm_import", path, verbosity=0)
    took = {}
    start = time.perf_counter()
    fov_update()
    took["fields_of_view"] = time.perf_counter() - start
    start = time.perf_counter()
    took["edges"] = route_graph_update()
    took["graph"] = time.perf_counter() - start
    return took


def street_pairs(count: int, seed: int, low: float = 300.0, high: float = 1500.0) -> list:
    """Pairs of points on the streets (edges' first vertices), ``low`` – ``high`` metres apart."""
    from cameramap.geo import distance_m

    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    # Points of the largest connected part only: a real extract has footways cut off by its edge,
    # courtyards and islands, between which no route exists (the API's 400, not a timing).
    rows = list(RouteEdge.objects.values_list("source", "target", "geometry"))
    nodes, ends = np.unique(np.array([(a, b) for a, b, _ in rows]), return_inverse=True)
    ends = ends.reshape(-1, 2)
    graph = coo_matrix((np.ones(len(rows)), (ends[:, 0], ends[:, 1])), shape=(len(nodes), len(nodes)))
    _, labels = connected_components(graph, directed=False)
    largest = np.bincount(labels).argmax()
    points = [tuple(g.coords[0]) for (_, _, g), (a, _) in zip(rows, ends) if labels[a] == largest]
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        a, b = rng.choice(points), rng.choice(points)
        if low <= distance_m(*a, *b) <= high:
            out.append((a, b))
    return out


def pairs(count: int, seed: int) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    rng = random.Random(seed)
    side = BLOCKS * BLOCK_M
    out = []
    while len(out) < count:
        x, y = rng.uniform(0, side), rng.uniform(0, side)
        distance, angle = rng.uniform(300, 3000), rng.uniform(0, 2 * math.pi)
        x2, y2 = x + distance * math.cos(angle), y + distance * math.sin(angle)
        if 0 <= x2 <= side and 0 <= y2 <= side:
            out.append((degrees(x, y), degrees(x2, y2)))
    return out


def ours(start, end, engine: str) -> float:
    engines.settings.ROUTE_ENGINE = "python" if engine == "python" else "auto"  # auto: pgRouting, installed here
    request = factory.get("/api/v1/routes/", {"from": f"{start[0]:.6f},{start[1]:.6f}", "to": f"{end[0]:.6f},{end[1]:.6f}"})
    began = time.perf_counter()
    response = RouteView.as_view()(request)
    response.render()
    elapsed = time.perf_counter() - began
    assert response.status_code == 200, response.content[:300]
    return elapsed * 1000


def naive(start, end) -> float:
    """Every edge read for every request, no box; Dijkstra with heapq from the node nearest the
    start to the node nearest the end, for alpha 0 and every alpha of the planner."""
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT source, target, length_m, watched_all, ST_X(ST_StartPoint(geometry)), ST_Y(ST_StartPoint(geometry)) "
                       "FROM routes_routeedge")
        rows = cursor.fetchall()
    adjacency: dict[int, list] = {}
    where: dict[int, tuple[float, float]] = {}
    for source, target, length, watched, x, y in rows:
        adjacency.setdefault(source, []).append((target, length, watched))
        adjacency.setdefault(target, []).append((source, length, watched))
        where[source] = (x, y)
    first = min(where, key=lambda n: (where[n][0] - start[0]) ** 2 + (where[n][1] - start[1]) ** 2)
    last = min(where, key=lambda n: (where[n][0] - end[0]) ** 2 + (where[n][1] - end[1]) ** 2)
    for alpha in (0.0, *ALPHAS[:4]):  # as many searches as the planner makes at most
        best, heap = {first: 0.0}, [(0.0, first)]
        while heap:
            cost, node = heapq.heappop(heap)
            if node == last:
                break
            if cost > best.get(node, math.inf):
                continue
            for other, length, watched in adjacency[node]:
                total = cost + length + alpha * watched
                if total < best.get(other, math.inf):
                    best[other] = total
                    heapq.heappush(heap, (total, other))
    return (time.perf_counter() - began) * 1000


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(math.ceil(q * len(ordered))) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cameras", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--naive-samples", type=int, default=10)
    parser.add_argument("--skip-load", action="store_true", help="use the grid already loaded")
    parser.add_argument("--city", help="a real OSM extract instead of the generated grid")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    assert connection.vendor == "postgresql", "the target is for PostGIS"
    if args.city:
        took = city_load(args.city)
    elif args.skip_load:  # the grid and its fields of view as they are; the graph built again, and timed
        start = time.perf_counter()
        took = {"edges": route_graph_update()}
        took["graph"] = time.perf_counter() - start
    else:
        took = grid_load(args.cameras, seed=17)
    for key, value in took.items():
        print(f"{key}: {value:.1f}" if isinstance(value, float) else f"{key}: {value}")
    sample = street_pairs(args.samples, seed=7) if args.city else pairs(args.samples, seed=7)
    ours(sample[0][0], sample[0][1], "pgrouting")  # warm the connection and the caches
    timings = {engine: [ours(a, b, engine) for a, b in sample] for engine in ("pgrouting", "python")}
    baseline = [naive(a, b) for a, b in sample[:args.naive_samples]]
    lines = []
    for name, values in (("pgRouting (PostGIS)", timings["pgrouting"]), ("SciPy over the same edges", timings["python"]),
                         ("unindexed graph search (baseline)", baseline)):
        lines.append((name, statistics.median(values), p(values, 0.95), len(values)))
    base95 = lines[-1][2]
    for name, p50, p95, n in lines:
        print(f"{name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms (n={n}), baseline p95 / p95 = {base95 / p95:.1f}×")
    if args.write:
        write(lines, took, args)


def write(lines, took, args) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version(), postgis_lib_version(), pgr_version()")
        version, postgis, pgrouting = cursor.fetchone()
    table = ["| search | p50 ms | p95 ms | requests | baseline p95 ÷ p95 |", "|---|---|---|---|---|"]
    base95 = lines[-1][2]
    for name, p50, p95, n in lines:
        table.append(f"| {name} | {p50:.1f} | {p95:.1f} | {n} | {base95 / p95:.1f}× |")
    edges = RouteEdge.objects.count()
    command = " ".join(sys.argv[1:])
    load = os.getloadavg()[0]
    section = CITY_SECTION if args.city else SECTION
    what = ("the real Helsinki centre (OSM, shared fixture)" if args.city else "a generated grid")
    distances = "300 m – 1.5 km apart on its streets" if args.city else "300 m – 3 km apart"
    target = "" if args.city else " Target: p95 ≤ 300 ms on PostGIS."
    text = (f"{section}\n\n`benchmarks/routes_benchmark.py {command}` on {what} "
            f"of {StreetSegment.objects.count():,} street segments ({edges:,} walking edges) with "
            f"{Camera.objects.count():,} cameras; {version.split(',')[0]}, PostGIS {postgis}, pgRouting {pgrouting}; "
            f"machine 2 cores, 24 GiB; 2026-12-05. Each request: from and to random points {distances}, through "
            f"the view in-process (no HTTP), both routes (the shortest, and the least watched within "
            f"1.5 × its length).{target} Load average {load:.1f} when written (the machine "
            f"shared with other work: absolute times are high, the ratios hold).\n\n" + "\n".join(table) + "\n")
    views = f"fields of view of every camera {took['fields_of_view']:.0f} s, " if "fields_of_view" in took else ""
    text += (f"\nPreparing in the same run: {views}the walking graph (cut at junctions, weighed by the views of "
             f"every camera; what the background task does after a change) {took['graph']:.0f} s.\n")
    text += ("\nThe baseline reads every edge of the city for every request and runs Dijkstra with a binary heap in "
             "Python, no box and no engine; it answers less than ours (only node to node, no figures or lines), so "
             "the ratio understates the difference.\n")
    current = RESULTS.read_text()
    if section in current:
        head, rest = current.split(section, 1)
        tail = rest.split("\n## ", 1)
        current = head + text + ("\n## " + tail[1] if len(tail) > 1 else "")
    else:
        current = current.rstrip("\n") + "\n\n" + text
    RESULTS.write_text(current)


if __name__ == "__main__":
    main()
