"""Pre-grouped cameras for far-away vector tiles on PostGIS.

A far tile (z10 over a city) covers tens of thousands of cameras; grouping them per request
costs a few hundred milliseconds however good the index. So the published cameras are also
kept grouped once, in the materialized view ``api_camera_cells``: one row per cell of a global
grid of 2^16 × 2^16 cells in Web Mercator (the 4 × 4 grid of a zoom-14 tile), with the count,
the sums of the members' Mercator positions (so a coarser group's mean position stays exact)
and, for a cell of one camera, its id and type properties. A tile at zoom ≤ 14 merges these
cells (its own 4 × 4 grid is nested in the global one), reading at most a few thousand rows.

The view holds the cameras as they were at its last refresh. ``api_camera_cells_state`` keeps
the data version (selectors.cameras_version) the refresh saw; tiles use the cells only while
that is still the current version and otherwise group live, so a tile is never stale. A
periodic task (``api.tasks.tile_cells_refresh``, every TILE_CELLS_REFRESH_S) refreshes the view
when the version has moved. Only unfiltered tiles can use the cells; filtered ones group live.
"""

from django.db import connection

from .selectors import cameras_version

LEVEL = 16  # cells per axis = 2^LEVEL: zoom 14 × a 4 × 4 grid per tile
MAX_ZOOM = LEVEL - 2

TILE_SQL = """
SELECT ST_AsMVT(t, 'cameras', 4096, 'geom') FROM (
  SELECT ST_MakePoint(
           LEAST(GREATEST(round((sum(sx) / sum(n) * %(size)s - %(x)s) * 4096), 0), 4095),
           LEAST(GREATEST(round((sum(sy) / sum(n) * %(size)s - %(y)s) * 4096), 0), 4095)) AS geom,
         sum(n)::int AS count,
         CASE WHEN sum(n) = 1 THEN min(id) END AS id,
         CASE WHEN sum(n) = 1 THEN min(surveillance_type) END AS surveillance_type,
         CASE WHEN sum(n) = 1 THEN min(camera_type) END AS camera_type,
         CASE WHEN sum(n) = 1 THEN min(operator_type) END AS operator_type,
         CASE WHEN sum(n) = 1 THEN min(status) END AS status,
         CASE WHEN sum(n) = 1 THEN min(facial_recognition) END AS facial_recognition
  FROM api_camera_cells
  WHERE cx BETWEEN %(x0)s AND %(x1)s AND cy BETWEEN %(y0)s AND %(y1)s
  GROUP BY cx / %(span)s, cy / %(span)s
) AS t
"""


def _version_text(version: tuple) -> str:
    return repr(version)


def cells_fresh(version: tuple | None = None) -> bool:
    """True when the cells were built from the cameras as they are now (``version``: the
    current cameras_version(), when the caller already has it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM api_camera_cells_state")
        row = cursor.fetchone()
    return row is not None and row[0] == _version_text(version if version is not None else cameras_version())


def cells_tile_sql(tile) -> tuple[str, dict]:
    """The tile (zoom ≤ MAX_ZOOM) from the cells: the cells of its 4 × 4 grid merged."""
    span = 2 ** (LEVEL - 2 - tile.z)  # global cells per tile cell
    per_tile = 4 * span
    params = {
        "size": tile.size, "x": tile.x, "y": tile.y, "span": span,
        "x0": tile.x * per_tile, "x1": (tile.x + 1) * per_tile - 1,
        "y0": tile.y * per_tile, "y1": (tile.y + 1) * per_tile - 1,
    }
    return TILE_SQL, params


def cells_refresh() -> bool:
    """Rebuild the cells if the cameras changed since the last build. Returns True if it did."""
    if connection.vendor != "postgresql":
        return False
    version = _version_text(cameras_version())  # read first: a change during the refresh leaves it stale
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM api_camera_cells_state")
        row = cursor.fetchone()
        if row is not None and row[0] == version:
            return False
        cursor.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY api_camera_cells")
        cursor.execute(
            "INSERT INTO api_camera_cells_state (one, version) VALUES (true, %s)"
            " ON CONFLICT (one) DO UPDATE SET version = EXCLUDED.version", [version])
    return True
