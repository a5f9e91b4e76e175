"""The data as of a day at scale (PostGIS): a viewport list and vector tiles asked ``as_of`` a
past day, beside the same requests for today's data, on a million cameras with three million
audit events.

    # once: cameras (benchmarks/camera_generator.py), then their history and versions
    DATABASE_URL=postgis://user:pass@127.0.0.1:5432/cm_bench .venv/bin/python benchmarks/timeline/bench_as_of.py --setup
    DATABASE_URL=… .venv/bin/python benchmarks/timeline/bench_as_of.py --samples 200 [--write]

``--setup`` gives the cameras a past: each came in on a day between 2024-12-01 and 2026-06-01 and
then had, on later days up to yesterday, three audit events on average (3,000,000 in all): 55 %
sightings (confirmations and dates), 30 % corrections (operator type, camera type), 15 % marked
removed; then rebuilds every camera's versions with the application's own rebuild (timed).
Requests go through the real views in-process (DRF's APIRequestFactory, no HTTP), tiles cold (a
dummy cache). Ratio: as of a day p95 / today p95, in the same run on the same boxes and tiles.
Before them: building the pre-grouped versions of far tiles (timeline/tile_cells.py), their size,
and a refresh of one camera and of 2,000 with the cells kept in step against the same refresh
without (milliseconds).
"""

import argparse
import math
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cameramap.settings.base")
os.environ["CACHE_URL"] = "dummycache://"  # tiles are timed cold

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.test import APIRequestFactory  # noqa: E402

from api import cameras as camera_views  # noqa: E402
from api import tiles as tile_views  # noqa: E402
from benchmarks.read_benchmark import p, tiles_at, viewports  # noqa: E402
from cameramap.cameras import tile_cells  # noqa: E402
from cameramap.cameras.history import Action, events_write  # noqa: E402
from cameramap.cameras.models import Camera  # noqa: E402
from cameramap.timeline import tile_cells as as_of_cells  # noqa: E402
from cameramap.timeline.models import CameraState  # noqa: E402
from cameramap.timeline.services import camera_states_rebuild, camera_states_refresh  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
SECTION = "## The data as of a day (issue 18)"
END = "<!-- as_of: end -->"
EVENTS = 3_000_000
FIRST, LAST_ARRIVAL, LAST = date(2024, 12, 1), date(2026, 6, 1), date(2026, 12, 4)
factory = APIRequestFactory()
list_view = camera_views.CameraListView.as_view()
tile_view = tile_views.CameraTileView.as_view()

# The history, written by PostgreSQL itself: a million cameras' arrival days, then the events.
ARRIVALS_SQL = f"""
UPDATE cameras_camera SET
  imported_at = CASE WHEN source <> 'crowd' THEN d END, created_at = d
FROM (SELECT id AS cid, timestamptz '{FIRST}' + (random() * {(LAST_ARRIVAL - FIRST).days}) * interval '1 day' AS d
      FROM cameras_camera) AS arrival
WHERE id = cid
"""
EVENTS_SQL = f"""
INSERT INTO moderation_moderationevent (camera_id, action, reason, data, created_at)
SELECT c.id,
       CASE WHEN r < 0.55 THEN 'attach' WHEN r < 0.85 THEN 'correct' ELSE 'remove' END,
       '',
       CASE WHEN r < 0.55 THEN jsonb_build_object('changed', jsonb_build_object(
                 'confirmations', jsonb_build_array(n, n + 1), 'last_confirmed', jsonb_build_array(null, to_char(at, 'YYYY-MM-DD'))))
            WHEN r < 0.85 THEN jsonb_build_object('old', jsonb_build_object('operator_type', 'unknown', 'camera_type', ''),
                                                 'new', jsonb_build_object('operator_type', c.operator_type))
            ELSE jsonb_build_object('old', jsonb_build_object('status', 'present'), 'new', jsonb_build_object('status', 'removed')) END,
       at
FROM (
  SELECT c.id, c.operator_type, r, n,
         c.created_at + (random() * GREATEST(1, extract(epoch FROM timestamptz '{LAST}' - c.created_at) / 86400)) * interval '1 day' AS at
  FROM cameras_camera c
  CROSS JOIN LATERAL (SELECT random() AS r, s AS n FROM generate_series(1, 3) AS s) AS pick
  WHERE c.published AND c.merged_into_id IS NULL
) AS c
LIMIT {EVENTS}
"""


def setup() -> None:
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute("SELECT count(*) FROM moderation_moderationevent")
        if cursor.fetchone()[0] < EVENTS:  # a setup stopped after the history keeps it
            cursor.execute(ARRIVALS_SQL)
            cursor.execute(EVENTS_SQL)
        cursor.execute("SELECT count(*) FROM moderation_moderationevent")
        print(f"history: {cursor.fetchone()[0]:,} events in {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()

    def progress(done, total):
        print(f"  {done:,}/{total:,} cameras, {time.perf_counter() - started:.0f} s", flush=True)

    rows = camera_states_rebuild(progress=progress)
    print(f"versions: {rows:,} rebuilt in {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE timeline_camerastate")


def call(view, path, params, **kwargs):
    response = view(factory.get(path, params), **kwargs)
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


def days(rng, n) -> list[str]:
    span = (LAST - FIRST).days
    return [(FIRST + timedelta(days=rng.randrange(60, span))).isoformat() for _ in range(n)]


def row(name, past, today, note) -> str:
    return (f"| {name} | {p(past, 50):.1f} / {p(past, 95):.1f} | {p(today, 50):.1f} / {p(today, 95):.1f} | "
            f"{p(past, 95) / p(today, 95):.1f}× | {note} |")


def measure(samples: int) -> list[str]:
    rng = random.Random(18)
    lines = []
    boxes, when = viewports(rng, samples), days(rng, samples)
    as_of = lambda i: call(list_view, "/api/v1/cameras/", {"bbox": boxes[i], "limit": 2000, "as_of": when[i]})  # noqa: E731
    today = lambda i: call(list_view, "/api/v1/cameras/", {"bbox": boxes[i], "limit": 2000})  # noqa: E731
    for i in range(10):
        as_of(i), today(i)
    sizes = [len(as_of(i).content) for i in range(20)]
    indexes = list(range(samples))
    past, now = timed(as_of, indexes), timed(today, indexes)
    lines.append(row("city viewport GeoJSON", past, now, f"{statistics.mean(sizes) / 1024:.0f} KiB on average as of a day"))
    print(lines[-1], flush=True)
    for z in range(10, 18):
        tiles, when = tiles_at(rng, z, samples), days(rng, samples)
        as_of = lambda i: call(tile_view, "/tile", {"as_of": when[i]}, z=str(tiles[i].z), x=str(tiles[i].x), y=str(tiles[i].y))  # noqa: E731
        today = lambda i: call(tile_view, "/tile", {}, z=str(tiles[i].z), x=str(tiles[i].x), y=str(tiles[i].y))  # noqa: E731
        for i in range(5):
            as_of(i), today(i)
        past, now = timed(as_of, indexes), timed(today, indexes)
        if z <= as_of_cells.MAX_ZOOM:
            note = "as of a day: from the pre-grouped versions; today: from the pre-grouped cells"
        elif z <= tile_cells.MAX_ZOOM:
            note = "as of a day: grouped live; today: from the pre-grouped cells"
        else:
            note = "one point per camera"
        lines.append(row(f"tile z{z}", past, now, note))
        print(lines[-1], flush=True)
    return lines


def cells_figures(build: bool = True) -> list[str]:
    """Building the pre-grouped versions, their size, and what keeping them in step adds to a
    refresh of one camera and of 2,000 (the same refresh with and without, in this run)."""
    started = time.perf_counter()
    if build or not as_of_cells.cells_built():
        as_of_cells.cells_build()
        build = True
    built = time.perf_counter() - started
    with connection.cursor() as cursor:
        sizes = {}
        for table in ("timeline_monthcell", "timeline_daycell", "timeline_camerastate"):
            cursor.execute(f"SELECT count(*), pg_total_relation_size('{table}') FROM {table}")
            sizes[table] = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM timeline_cellsmonth")
        (months,) = cursor.fetchone()
    rng = random.Random(18)
    ids = list(CameraState.objects.values_list("id", flat=True).distinct()[:200_000])

    def refreshed(cameras: list[int], *, cells: bool, correct: bool) -> float:
        """Milliseconds of one refresh of these cameras' versions, after a correction of their
        operator type today (``correct``; else after nothing the cells can see), with the cells
        kept in step or not; everything rolled back after, so each run starts from the same data."""
        real = as_of_cells.cells_kept
        try:
            with transaction.atomic():
                if correct:
                    olds = dict(Camera.objects.filter(id__in=cameras).values_list("id", "operator_type"))
                    Camera.objects.filter(id__in=cameras).update(operator_type="police", updated_at=timezone.now())
                    events_write(action=Action.CORRECT, reason="benchmark", cameras={
                        pk: {"old": {"operator_type": old}, "new": {"operator_type": "police"}} for pk, old in olds.items()})
                if not cells:
                    as_of_cells.cells_kept = lambda *a, **k: None  # the same refresh, the cells left alone
                started = time.perf_counter()
                camera_states_refresh(cameras)
                elapsed = (time.perf_counter() - started) * 1000
                raise _Undo
        except _Undo:
            return elapsed
        finally:
            as_of_cells.cells_kept = real

    figures = {}
    for correct in (True, False):
        for size, times in ((1, 30), (2000, 3)):
            with_cells, without_cells = [], []
            for _ in range(times):
                cameras = rng.sample(ids, size)
                with_cells.append(refreshed(cameras, cells=True, correct=correct))
                without_cells.append(refreshed(cameras, cells=False, correct=correct))
            figures[correct, size] = with_cells, without_cells
    (month_rows, month_bytes), (day_rows, day_bytes) = sizes["timeline_monthcell"], sizes["timeline_daycell"]
    versions_bytes = sizes["timeline_camerastate"][1]
    return [
        f"| build the pre-grouped versions | {f'{built:.0f} s' if build else 'kept from an earlier run'} | – | – | {months} monthly snapshots ({month_rows:,} rows, "
        f"{month_bytes / 2**20:.0f} MiB) and the days' changes ({day_rows:,} rows, {day_bytes / 2**20:.0f} MiB); "
        f"the versions themselves: {versions_bytes / 2**20:.0f} MiB |",
        *(refresh_row(size, correct, *figures[correct, size]) for correct in (True, False) for size in (1, 2000)),
    ]


class _Undo(Exception):
    pass


def refresh_row(size: int, correct: bool, with_cells: list[float], without_cells: list[float]) -> str:
    what = "one camera's versions" if size == 1 else f"{size:,} cameras' versions"
    after = "after a correction of the operator type" if correct else "after a change the cells do not see"
    digits = 1 if size == 1 else 0
    return (f"| refresh {what}, {after} | {p(with_cells, 50):.{digits}f} / {p(with_cells, 95):.{digits}f} | "
            f"{p(without_cells, 50):.{digits}f} / {p(without_cells, 95):.{digits}f} | "
            f"{p(with_cells, 95) / p(without_cells, 95):.1f}× | with the cells kept in step against the same refresh "
            f"without, {len(with_cells)} random {'camera' if size == 1 else 'batche'}s, each rolled back after |")


def write(lines: list[str], header: str) -> None:
    table = "\n".join([header, "", "| measurement | as of a day (or with the cells) p50 / p95 | today (or without) p50 / p95 | ratio (p95) | notes |",
                       "|---|---|---|---|---|", *lines, END])
    text = RESULTS.read_text()
    if SECTION in text:
        start = text.index(SECTION)
        end = text.index(END, start) + len(END)
        text = text[:start] + SECTION + "\n\n" + table + text[end:]
    else:
        text = text.rstrip("\n") + "\n\n" + SECTION + "\n\n" + table + "\n"
    RESULTS.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--setup", action="store_true", help="write the history and rebuild the versions first")
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--write", action="store_true", help="write the table into benchmarks/RESULTS.md")
    parser.add_argument("--keep-cells", action="store_true", help="use the pre-grouped versions already built")
    args = parser.parse_args()
    assert connection.vendor == "postgresql", "this benchmark runs on PostGIS"
    if args.setup:
        setup()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cameras_camera WHERE published AND merged_into_id IS NULL")
        (cameras,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM moderation_moderationevent")
        (events,) = cursor.fetchone()
        cursor.execute("SELECT version()")
        (version,) = cursor.fetchone()
    tile_cells.cells_refresh()  # today's far tiles come from the pre-grouped cells, as in production
    versions = CameraState.objects.count()
    header = (f"`benchmarks/timeline/bench_as_of.py --samples {args.samples}` on {cameras:,} published cameras with "
              f"{events:,} audit events and {versions:,} versions, {version.split(' on ')[0]}, 2 cores, 24 GiB, "
              f"2026-12-05. Milliseconds, p50 / p95, per request through the view (no HTTP); as of a random day "
              f"between {FIRST + timedelta(days=60)} and {LAST}. Targets: viewport p95 ≤ 100 ms, tile p95 ≤ 50 ms.")
    print(header, flush=True)
    lines = cells_figures(build=not args.keep_cells)
    for line in lines:
        print(line, flush=True)
    lines += measure(args.samples)
    if args.write:
        write(lines, header)


if __name__ == "__main__":
    main()
