"""Vector tiles before and after a change, in ONE run on the same data (PostGIS): the tile
statements of an earlier revision of cameramap/cameras/tiles.py and tile_cells.py beside
today's, interleaved tile by tile, so that whatever else the machine does weighs on both alike.

    DATABASE_URL=postgis://user:pass@127.0.0.1:5432/cm_bench .venv/bin/python benchmarks/compare_tiles.py --base 87d47c8

Load data first with benchmarks/camera_generator.py. The base revision's modules are read with
``git show`` and loaded beside today's; its pre-grouped cells are built into a table of their
own (``cameras_tile_cells_base``, dropped at the end), so each side reads the cells it was made
for. Prints p50 / p95 in milliseconds per statement (the database's work and the transfer of
the tile; no view, no cache), the ratio today / base, and the size of the tiles."""

import argparse
import importlib.util
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cameramap.settings.base")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from benchmarks.read_benchmark import p, tiles_at  # noqa: E402
from cameramap.cameras import tile_cells, tiles  # noqa: E402
from cameramap.cameras.selectors import cameras_published  # noqa: E402

BASE_CELLS = "cameras_tile_cells_base"


def module_at(revision: str, path: str, name: str):
    """The module ``path`` as it was at ``revision``, loaded as ``cameramap.cameras.<name>`` (so
    its relative imports find today's neighbours)."""
    source = subprocess.run(["git", "show", f"{revision}:{path}"], cwd=ROOT, check=True, capture_output=True,
                            text=True).stdout
    folder = Path(tempfile.mkdtemp())
    (folder / f"{name}.py").write_text(source)
    spec = importlib.util.spec_from_file_location(f"cameramap.cameras.{name}", folder / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def statement(sql, params):
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (data,) = cursor.fetchone()
    return (time.perf_counter() - started) * 1000, len(bytes(data or b""))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True, help="the git revision to compare with (e.g. the commit before the change)")
    parser.add_argument("--samples", type=int, default=100, help="tiles per zoom")
    args = parser.parse_args()

    base_tiles = module_at(args.base, "cameramap/cameras/tiles.py", "tiles_base")
    base_cells = module_at(args.base, "cameramap/cameras/tile_cells.py", "tile_cells_base")
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {BASE_CELLS}")
        cursor.execute(f"CREATE TABLE {BASE_CELLS} AS SELECT * FROM ({base_cells.LEVELS_SQL}) AS levels ORDER BY level, cx, cy")
        cursor.execute(f"CREATE INDEX ON {BASE_CELLS} (level, cx, cy)")
        cursor.execute(f"ANALYZE {BASE_CELLS}")
        cursor.execute(f"SELECT count(*) FROM {BASE_CELLS}")
        base_rows = cursor.fetchone()[0]
    base_built = time.monotonic() - started
    started = time.monotonic()
    tile_cells.cells_refresh()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cameras_tile_cells")
        rows = cursor.fetchone()[0]
    print(f"cells: base {base_rows:,} rows ({base_built:.1f} s), today {rows:,} rows (refresh {time.monotonic() - started:.1f} s)")

    rng = random.Random(11)
    queryset = cameras_published()
    print("| tile | base p50 / p95 | today p50 / p95 | today / base (p95) | KiB base → today |")
    print("|---|---|---|---|---|")
    try:
        for z in range(10, 18):
            for filtered in (False, True):
                if filtered and z > tile_cells.MAX_ZOOM:
                    continue
                cell_filters = {"operator_type": ["police"]} if filtered else {}
                base_ms, ours_ms, base_kb, ours_kb = [], [], [], []
                for tile in tiles_at(rng, z, args.samples):
                    if z <= tile_cells.MAX_ZOOM:
                        sql, params = base_cells.cells_tile_sql(tile, cell_filters)
                        base = (sql.replace("cameras_tile_cells", BASE_CELLS), params)
                        ours = tile_cells.cells_tile_sql(tile, cell_filters)
                    else:
                        base = base_tiles.tile_sql(base_tiles.Tile(tile.z, tile.x, tile.y), queryset)
                        ours = tiles.tile_sql(tile, queryset)
                    pairs = [(base, base_ms, base_kb), (ours, ours_ms, ours_kb)]
                    if rng.random() < 0.5:
                        pairs.reverse()  # neither side always goes first
                    for (sql, params), times, sizes in pairs:
                        elapsed, size = statement(sql, params)
                        times.append(elapsed)
                        sizes.append(size)
                name = f"z{z}" + (", filtered (police)" if filtered else "") + (", cells" if z <= tile_cells.MAX_ZOOM else ", live")
                print(f"| {name} | {p(base_ms, 50):.1f} / {p(base_ms, 95):.1f} | {p(ours_ms, 50):.1f} / {p(ours_ms, 95):.1f} | "
                      f"{p(ours_ms, 95) / p(base_ms, 95):.2f} | {sum(base_kb) / len(base_kb) / 1024:.2f} → "
                      f"{sum(ours_kb) / len(ours_kb) / 1024:.2f} |", flush=True)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {BASE_CELLS}")


if __name__ == "__main__":
    main()
