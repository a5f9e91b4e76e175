"""Pre-grouped cameras for far-away vector tiles on PostGIS.

A far tile (z10 over a city) covers tens of thousands of cameras; grouping them per request
costs a few hundred milliseconds however good the index. So the published cameras are also
kept grouped, in the table ``cameras_tile_cells``: a pyramid of global Web Mercator grids, level L
having 2^L × 2^L cells, for L from 2 to 17 — level z + 2 is the 4 × 4 grid of the tiles at zoom
z. A row is one cell and one combination of the attributes a map filters on (FILTERS): the
count, the sums of the members' Mercator positions (so a group's mean position stays exact) and
the smallest id (the camera itself when the row is one camera). A tile at zoom z ≤ 15 reads the
16 cells of level z + 2 under it and merges each cell's rows, so it costs the same few hundred
rows at every zoom, and a tile filtered on FILTERS reads the same rows with a WHERE.

The table holds the cameras as they were at its last rebuild. ``cameras_tile_cells_state`` keeps
the data version (selectors.cameras_version) the rebuild saw; tiles use the cells only while
that is still the current version and otherwise group live, so a tile is never stale. A
periodic task (``cameras.tasks.tile_cells_refresh``, every TILE_CELLS_REFRESH_S) rebuilds the table
when the version has moved, and in any case once the cells are TILE_CELLS_MAX_AGE_S old (the
version is the newest ``updated_at``, so a long transaction that commits after a shorter, later
one can change cameras without moving it; the age bounds how long such a change can go unseen): the new table is built beside the old one, reading the cameras once
(each level grouped from the finer one), and swapped in by a rename, so tiles keep reading the
old cells until the moment of the swap. A filter outside FILTERS (dates, operator name, …)
groups live.
"""

from django.conf import settings
from django.db import connection, transaction

from .selectors import cameras_version

LEVEL = 17  # the finest grid: 2^17 cells per axis, the 4 × 4 grid of a zoom-15 tile
MAX_ZOOM = LEVEL - 2
MIN_LEVEL = 2
FILTERS = ("surveillance_type", "camera_type", "operator_type", "facial_recognition", "status", "verified")
# How each attribute is read from a camera (``c``); ``verified`` is not a column of its own.
_SOURCES = {name: f"c.{name}" for name in FILTERS} | {"verified": "(c.verified_on IS NOT NULL) AS verified"}
REFRESH_LOCK = 0x63616D63656C6C  # pg advisory lock key: one rebuild at a time


def _levels_sql() -> str:
    """SELECT level, cx, cy, <FILTERS>, n, sx, sy, id for every level, each grouped from the finer one."""
    attributes = ", ".join(FILTERS)
    finest = f"""
      l{LEVEL} AS (
        SELECT cx, cy, {attributes}, count(*)::int AS n, sum(gx) AS sx, sum(gy) AS sy, min(id) AS id
        FROM (
          SELECT id, {attributes}, gx, gy,
                 LEAST(floor(gx * {2**LEVEL}), {2**LEVEL - 1})::int AS cx,
                 LEAST(floor(gy * {2**LEVEL}), {2**LEVEL - 1})::int AS cy
          FROM (
            SELECT c.id, {", ".join(_SOURCES[name] for name in FILTERS)},
                   (ST_X(c.location) + 180) / 360 AS gx,
                   (1 - ln(tan(radians(LEAST(GREATEST(ST_Y(c.location), -85.0511287798), 85.0511287798)))
                           + 1 / cos(radians(LEAST(GREATEST(ST_Y(c.location), -85.0511287798), 85.0511287798))))
                        / pi()) / 2 AS gy
            FROM cameras_camera c
            WHERE c.published AND c.merged_into_id IS NULL
          ) AS positioned
        ) AS celled
        GROUP BY cx, cy, {attributes}
      )"""
    coarser = [f"""
      l{level} AS (
        SELECT cx / 2 AS cx, cy / 2 AS cy, {attributes}, sum(n)::int AS n, sum(sx) AS sx, sum(sy) AS sy, min(id) AS id
        FROM l{level + 1}
        GROUP BY cx / 2, cy / 2, {attributes}
      )""" for level in range(LEVEL - 1, MIN_LEVEL - 1, -1)]
    union = "\n      UNION ALL ".join(
        f"SELECT {level} AS level, cx, cy, {attributes}, n, sx, sy, id FROM l{level}"
        for level in range(LEVEL, MIN_LEVEL - 1, -1))
    return f"WITH{','.join([finest, *coarser])}\n      {union}"


LEVELS_SQL = _levels_sql()

def group_properties_sql(id_sql: str = "min(id)") -> str:
    """The properties of one cell's point, from the rows of the cell (``n`` cameras each): how
    many, how many verified, and a lone camera's own (its id from ``id_sql``)."""
    lone = ",\n".join(f"         CASE WHEN sum(n) = 1 THEN min({name}) END AS {name}"
                      for name in ("surveillance_type", "camera_type", "operator_type", "status", "facial_recognition"))
    return f"""sum(n)::int AS count,
         COALESCE(sum(n) FILTER (WHERE verified), 0)::int AS verified_count,
         (CASE WHEN sum(n) = 1 THEN {id_sql} END)::bigint AS id,
{lone},
         CASE WHEN sum(n) = 1 THEN bool_or(verified) END AS verified"""


TILE_SQL = f"""
SELECT ST_AsMVT(t, 'cameras', 4096, 'geom') FROM (
  SELECT ST_MakePoint(
           LEAST(GREATEST(round((sum(sx) / sum(n) * %(size)s - %(x)s) * 4096), 0), 4095),
           LEAST(GREATEST(round((sum(sy) / sum(n) * %(size)s - %(y)s) * 4096), 0), 4095)) AS geom,
         {group_properties_sql()}
  FROM cameras_tile_cells
  WHERE level = %(level)s AND cx BETWEEN %(x0)s AND %(x1)s AND cy BETWEEN %(y0)s AND %(y1)s{{filters}}
  GROUP BY cx, cy
) AS t
"""


def _version_text(version: tuple) -> str:
    return repr(version)


def cells_fresh(version: tuple | None = None) -> bool:
    """True when the cells were built from the cameras as they are now (``version``: the
    current cameras_version(), when the caller already has it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM cameras_tile_cells_state")
        row = cursor.fetchone()
    return row is not None and row[0] == _version_text(version if version is not None else cameras_version())


def cells_tile_sql(tile, filters: dict[str, list[str]] | None = None) -> tuple[str, dict]:
    """The tile (zoom ≤ MAX_ZOOM) from the cells: the rows of its 4 × 4 grid merged per cell.
    ``filters``: attribute name (one of FILTERS) → the values to keep (any of them); for
    ``verified``, "true" or "false"."""
    where, params = cells_where(filters)
    params |= cells_tile_params(tile)
    return TILE_SQL.format(filters=where), params


def cells_tile_params(tile) -> dict:
    """The parameters that place a tile on the grid of level z + 2: its 4 × 4 cells."""
    return {
        "level": tile.z + 2, "size": tile.size, "x": tile.x, "y": tile.y,
        "x0": tile.x * 4, "x1": tile.x * 4 + 3, "y0": tile.y * 4, "y1": tile.y * 4 + 3,
    }


def cells_where(filters: dict[str, list[str]] | None) -> tuple[str, dict]:
    """`` AND …`` conditions on the cells' attribute columns, and their parameters, for the
    filters (attribute name in FILTERS → the values to keep; for ``verified``, "true" or "false")."""
    filters = filters or {}
    if not set(filters) <= set(FILTERS):
        raise ValueError(f"the cells cannot filter on {sorted(set(filters) - set(FILTERS))}")
    where, params = "", {}
    for name in sorted(filters):  # names from FILTERS only: safe to write into the statement
        where += f" AND {name} = ANY(%(f_{name})s)"
        values = filters[name]
        params[f"f_{name}"] = [values == "true"] if name == "verified" else list(values)
    return where, params


def cells_refresh() -> bool:
    """Rebuild the cells if the cameras changed since the last build. Returns True if it did
    (False also when another rebuild is running)."""
    if connection.vendor != "postgresql":
        return False
    version = _version_text(cameras_version())  # read first: a change during the rebuild leaves it stale
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [REFRESH_LOCK])
        if not cursor.fetchone()[0]:
            return False
        cursor.execute("SELECT version, built_at > now() - make_interval(secs => %s) FROM cameras_tile_cells_state",
                       [settings.TILE_CELLS_MAX_AGE_S])
        row = cursor.fetchone()
        if row is not None and row[0] == version and row[1]:
            return False
        cursor.execute("SET LOCAL work_mem = '64MB'")  # the groupings fit in memory at a million cameras
        cursor.execute("DROP TABLE IF EXISTS cameras_tile_cells_next")
        # Sorted by cell, so a tile's rows sit on a few neighbouring pages.
        cursor.execute(f"CREATE TABLE cameras_tile_cells_next AS SELECT * FROM ({LEVELS_SQL}) AS levels"
                       " ORDER BY level, cx, cy")
        cursor.execute("CREATE INDEX cameras_tile_cells_next_tile ON cameras_tile_cells_next (level, cx, cy)")
        cursor.execute("ANALYZE cameras_tile_cells_next")
        # The swap: tiles reading the old table finish first, later ones find the new one. A lock
        # held longer (a backup's dump) fails this try, and the task tries again later.
        cursor.execute("SET LOCAL lock_timeout = '5s'")
        cursor.execute("DROP TABLE cameras_tile_cells")
        cursor.execute("ALTER TABLE cameras_tile_cells_next RENAME TO cameras_tile_cells")
        cursor.execute("ALTER INDEX cameras_tile_cells_next_tile RENAME TO cameras_tile_cells_tile")
        cursor.execute(
            "INSERT INTO cameras_tile_cells_state (one, version, built_at) VALUES (true, %s, now())"
            " ON CONFLICT (one) DO UPDATE SET version = EXCLUDED.version, built_at = EXCLUDED.built_at", [version])
    return True
