"""Pre-grouped versions for far-away vector tiles as of a past day (PostGIS).

Today's far tiles read the pre-grouped cameras (cameras/tile_cells.py). A past day's would have
to group every version that held that day, live: a few hundred milliseconds for a z10 tile over a
city of a hundred thousand cameras. So the versions (models.CameraState) are kept grouped too, on
the same pyramid of Web Mercator grids (level z + 2 is the 4 × 4 grid of the tiles at zoom z, for
z up to MAX_ZOOM), and in two parts:

- ``timeline_monthcell``: for the first day of every month, the cameras as they were at the end of the day
  before (a snapshot), one row per cell and combination of the attributes a map filters on
  (cameras.tile_cells.FILTERS);
- ``timeline_daycell``: for every day, what changed on it, grouped the same way: each version that began
  that day counts +1, each that ended −1.

A tile as of day D adds up the snapshot of D's month and the changes of the days from the first of
that month to D, or, in the second half of a month, takes the changes of the days after D away
from the next month's snapshot: the rows of 16 cells for at most half a month of days, whatever
the number of cameras. The tables are written in the order a tile reads them.
What is added up is exact: the counts, the sums of the members' positions in whole units of
2⁻³¹ of the world (so adding a camera and taking it away again leaves no rounding behind) and the
sums of their ids. A (cell, attributes) group then holds exactly the cameras that were there with
those attributes at the end of D, and when a cell holds one camera, its sum of ids is that
camera's id.

The cells follow the versions in the same transaction: camera_states_refresh reads what the cells
hold of the cameras' versions before it replaces them (cells_kept) and then takes away what is
gone and adds what is new (cells_follow), under one advisory lock so that refreshes add up one
after the other; versions that follow one another with the same place and attributes count as one
stretch of days, so a change the cells cannot see (a sighting's count) costs them nothing. They are built whole (cells_build) by a full rebuild of the versions, and
by the periodic sweep when they are missing (after an upgrade, or after a refresh of so many
cameras that building whole is cheaper: cells_worth_following); the sweep also adds each new
month's snapshot (cells_months_add). Until they are built, and for filters
the cells do not keep, tiles as of a day group the versions live (cameras/tiles.py). Nothing on
SpatiaLite, whose tiles are grouped in Python.
"""

from collections import Counter
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from cameramap.cameras import tile_cells as today_cells
from cameramap.cameras.models import Camera

from .models import CameraState, CellsMonth

LEVEL = 15  # the finest grid: the 4 × 4 cells of a zoom-13 tile (closer tiles group live fast enough)
MAX_ZOOM = LEVEL - 2
MIN_LEVEL = today_cells.MIN_LEVEL
UNIT = 31  # positions in whole units of 2^-31 of the world's width: a million sums fit a bigint
ATTRIBUTES = ("surveillance_type", "camera_type", "operator_type", "facial_recognition", "status", "verified")
LOCK = 0x63616D7374617465  # pg advisory lock: one writer of the cells at a time
# Following a refresh costs about ten times per camera what building whole does (benchmarks/
# RESULTS.md): a refresh of more than this many cameras and more than one in CELLS_FOLLOW_SHARE
# drops the cells instead, and the sweep builds them again.
CELLS_FOLLOW_MAX = 1000
CELLS_FOLLOW_SHARE = 10

assert set(ATTRIBUTES) == set(today_cells.FILTERS)
_MONTH, _DAY = "timeline_monthcell", "timeline_daycell"  # PostGIS only (migrations/0002_tile_cells.py)
_MONTHS, _STATES = CellsMonth._meta.db_table, CameraState._meta.db_table
_COLUMNS = ", ".join(ATTRIBUTES)

# What the cells read of a version: its camera, its days, its place and its attributes.
KEPT = ("id", "valid_from", "valid_to", "lon", "lat", *ATTRIBUTES)
_STATES_SQL = f"""
  SELECT id, valid_from, valid_to, ST_X(location) AS lon, ST_Y(location) AS lat,
         {", ".join(ATTRIBUTES[:-1])}, (verified_on IS NOT NULL) AS verified
  FROM {_STATES} WHERE {{where}}
"""
# The same columns from arrays sent with the statement (one per column of KEPT).
_TYPES = {"id": "bigint", "valid_from": "date", "valid_to": "date", "lon": "float8", "lat": "float8",
          "verified": "boolean"}
_ARRAYS = ", ".join("%(" + name + ")s::" + _TYPES.get(name, "text") + "[]" for name in KEPT)
_ARRAYS_SQL = f"SELECT * FROM unnest({_ARRAYS}) AS kept({', '.join(KEPT)})"

# Each version once: its days, its attributes, and its place in whole units (x east, y south).
_VERSIONS_SQL = f"""
  SELECT v.id, v.valid_from, v.valid_to, {", ".join(f"v.{name}" for name in ATTRIBUTES)},
         LEAST(GREATEST(floor((v.lon + 180) / 360 * {2**UNIT}::float8), 0), {2**UNIT - 1})::bigint AS gx,
         LEAST(GREATEST(floor((1 - ln(tan(radians(p.lat)) + 1 / cos(radians(p.lat))) / pi()) / 2
                              * {2**UNIT}::float8), 0), {2**UNIT - 1})::bigint AS gy
  FROM ({{source}}) AS v
  CROSS JOIN LATERAL (SELECT LEAST(GREATEST(v.lat, -85.0511287798), 85.0511287798) AS lat) AS p
"""

# What each version gives, keyed by ``key``: +1 to the snapshot of every built month it held
# through the start of, and +1 on the day it began, −1 on the day it ended.
def _month_parts(source: str, months: str) -> str:
    versions = _VERSIONS_SQL.format(source=source)
    return f"""
  SELECT m.month AS key, 1 AS sign, v.*
  FROM ({versions}) AS v
  JOIN {_MONTHS} AS m ON v.valid_from < m.month AND (v.valid_to IS NULL OR v.valid_to >= m.month){months}
"""


def _day_parts(source: str) -> str:
    versions = _VERSIONS_SQL.format(source=source)
    return f"""
  SELECT v.valid_from AS key, 1 AS sign, v.* FROM ({versions}) AS v
  UNION ALL
  SELECT v.valid_to AS key, -1 AS sign, v.* FROM ({versions}) AS v WHERE v.valid_to IS NOT NULL
"""


_ALL_STATES = _STATES_SQL.format(where="true")


def _levels_sql(parts: str, sign: int) -> str:
    """SELECT key, level, cx, cy, <ATTRIBUTES>, n, sx, sy, sid of every level from MIN_LEVEL to
    LEVEL, each grouped from the finer one, ``sign`` × the parts; groups that add up to nothing left
    out."""
    finest = f"""
      l{LEVEL} AS (
        SELECT key, (gx >> {UNIT - LEVEL})::int AS cx, (gy >> {UNIT - LEVEL})::int AS cy, {_COLUMNS},
               ({sign} * sum(sign))::int AS n, ({sign} * sum(sign * gx))::bigint AS sx,
               ({sign} * sum(sign * gy))::bigint AS sy, ({sign} * sum(sign * id))::bigint AS sid
        FROM ({parts}) AS parts
        GROUP BY key, gx >> {UNIT - LEVEL}, gy >> {UNIT - LEVEL}, {_COLUMNS}
      )"""
    coarser = [f"""
      l{level} AS (
        SELECT key, cx >> 1 AS cx, cy >> 1 AS cy, {_COLUMNS}, sum(n)::int AS n, sum(sx)::bigint AS sx,
               sum(sy)::bigint AS sy, sum(sid)::bigint AS sid
        FROM l{level + 1}
        GROUP BY key, cx >> 1, cy >> 1, {_COLUMNS}
      )""" for level in range(LEVEL - 1, MIN_LEVEL - 1, -1)]
    union = "\n      UNION ALL ".join(
        f"SELECT key, {level} AS level, cx, cy, {_COLUMNS}, n, sx, sy, sid FROM l{level}"
        " WHERE n <> 0 OR sx <> 0 OR sy <> 0 OR sid <> 0"
        for level in range(LEVEL, MIN_LEVEL - 1, -1))
    return f"WITH{','.join([finest, *coarser])}\n      {union}"


def _insert_sql(table: str, parts: str, sign: int, *, add: bool) -> str:
    """INSERT the levels of ``parts`` into ``table``: ``add``, onto the rows already there (an
    upsert that adds; a row that comes to hold nothing stays, adding nothing to a tile, until the
    next build); else in the order of the table's key, so that a tile's rows lie together."""
    key = "month" if table == _MONTH else "day"
    columns = f"{key}, level, cx, cy, {_COLUMNS}, n, sx, sy, sid"
    levels = _levels_sql(parts, sign)
    if not add:
        order = "key, level, cx, cy" if table == _MONTH else "level, cx, cy, key"
        return f"INSERT INTO {table} ({columns}) SELECT * FROM ({levels}) AS levels ORDER BY {order}, {_COLUMNS}"
    # Onto the row of the same key where there is one, else a new row. The writers take turns
    # (the lock), so the two steps need no unique index to agree.
    same = " AND ".join(f"t.{name} = d.{name}" for name in (key, "level", "cx", "cy", *ATTRIBUTES))
    also = " AND ".join(f"u.{name} = d.{name}" for name in (key, "level", "cx", "cy", *ATTRIBUTES))
    added = ", ".join(f"{name} = t.{name} + d.{name}" for name in ("n", "sx", "sy", "sid"))
    return f"""
      WITH d AS (SELECT key AS {key}, level, cx, cy, {_COLUMNS}, n, sx, sy, sid FROM ({levels}) AS levels),
      u AS (UPDATE {table} AS t SET {added} FROM d WHERE {same} RETURNING t.*)
      INSERT INTO {table} ({columns}) SELECT {columns} FROM d WHERE NOT EXISTS (SELECT 1 FROM u WHERE {also})
    """


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _lock(cursor) -> None:
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])


def cells_worth_following(changed: int) -> bool:
    """Whether a refresh of ``changed`` cameras should follow the cells (else drop them)."""
    return changed <= CELLS_FOLLOW_MAX or changed * CELLS_FOLLOW_SHARE <= Camera.objects.count()


def cells_built() -> bool:
    """True when the cells are built (and so kept in step with the versions)."""
    return _postgres() and CellsMonth.objects.exists()


def cells_kept(camera_ids: list[int]) -> Counter | None:
    """What the cells hold of these cameras' versions now, in the caller's transaction (whose end
    holds the lock): read before their versions are replaced, for cells_follow. None while the
    cells are not built."""
    if not _postgres():
        return None
    with connection.cursor() as cursor:
        _lock(cursor)
    return _kept(camera_ids) if CellsMonth.objects.exists() else None


def _kept(camera_ids: list[int]) -> Counter:
    """The versions as the cells see them (KEPT), those of a camera that follow one another with
    the same place and attributes joined into one: they add up to the same cells."""
    with connection.cursor() as cursor:
        cursor.execute(f"{_STATES_SQL.format(where='id = ANY(%s)')} ORDER BY id, valid_from", [list(camera_ids)])
        rows = cursor.fetchall()
    kept: list[list] = []
    for row in rows:
        last = kept[-1] if kept else None
        if last is not None and last[0] == row[0] and last[2] == row[1] and last[3:] == list(row[3:]):
            last[2] = row[2]  # the same as the one before: one stretch of days
        else:
            kept.append(list(row))
    return Counter(tuple(row) for row in kept)


def cells_follow(before: Counter | None, camera_ids: list[int]) -> None:
    """After these cameras' versions were replaced: take away from the cells what they held of
    them (``before``, from cells_kept) and is gone, add what is new. Nothing when the cells were
    not built; a change the cells cannot see (a sighting's count) costs nothing."""
    if before is None:
        return
    after = _kept(camera_ids)
    with connection.cursor() as cursor:
        for versions, sign in ((before - after, -1), (after - before, 1)):
            if not versions:
                continue
            rows = [row for row, times in versions.items() for _ in range(times)]
            params = {name: [row[i] for row in rows] for i, name in enumerate(KEPT)}
            source = _ARRAYS_SQL
            for table, parts in ((_MONTH, _month_parts(source, "")), (_DAY, _day_parts(source))):
                cursor.execute(_insert_sql(table, parts, sign, add=True), params)


def cells_drop() -> None:
    """Mark the cells as not built (in the caller's transaction): tiles as of a day group live
    until the sweep builds them again."""
    if not _postgres():
        return
    with connection.cursor() as cursor:
        _lock(cursor)
        cursor.execute(f"DELETE FROM {_MONTHS}")


def _months_due(first: date, today: date) -> list[date]:
    """The first days of the months from ``first``'s to ``today``'s."""
    months, month = [], first.replace(day=1)
    while month <= today:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def _first_day() -> date | None:
    return CameraState.objects.order_by("valid_from").values_list("valid_from", flat=True).first()


@transaction.atomic
def cells_build() -> bool:
    """Build the cells whole from the versions. Returns False when there are no versions.
    The old rows are deleted, not truncated: tiles reading them meanwhile are not held up."""
    if not _postgres():
        return False
    with connection.cursor() as cursor:
        _lock(cursor)
        cursor.execute("SET LOCAL work_mem = '256MB'")  # the groupings fit in memory at a million cameras
        for table in (_MONTHS, _MONTH, _DAY):
            cursor.execute(f"DELETE FROM {table}")
        first = _first_day()
        if first is None:
            return False
        cursor.execute(_insert_sql(_DAY, _day_parts(_ALL_STATES), 1, add=False))
        _months_insert(cursor, _months_due(first, timezone.localdate()))
        for table in (_DAY, _MONTH):
            cursor.execute(f"ANALYZE {table}")
    return True


def _months_insert(cursor, months: list[date]) -> None:
    """Build these months' snapshots from the versions, one month at a time."""
    for month in months:
        cursor.execute(f"INSERT INTO {_MONTHS} (month) VALUES (%s)", [month])
        parts = _month_parts(_ALL_STATES, " AND m.month = %(month)s")
        cursor.execute(_insert_sql(_MONTH, parts, 1, add=False), {"month": month})


@transaction.atomic
def cells_months_add() -> int:
    """Build the snapshots of the months begun since the last build (a new month's first day).
    Returns how many it built."""
    if not _postgres():
        return 0
    with connection.cursor() as cursor:
        _lock(cursor)
        built = set(CellsMonth.objects.values_list("month", flat=True))
        if not built:
            return 0
        due = [month for month in _months_due(min(built), timezone.localdate()) if month not in built]
        _months_insert(cursor, due)
    return len(due)


def cells_ensure() -> str:
    """What the periodic sweep does: build the cells when they are missing, else add the new
    months. Returns what it did ("built", "months", "" for nothing)."""
    if not _postgres():
        return ""
    if not CellsMonth.objects.exists():
        return "built" if CameraState.objects.exists() and cells_build() else ""
    return "months" if cells_months_add() else ""


TILE_SQL = f"""
SELECT ST_AsMVT(t, 'cameras', 4096, 'geom') FROM (
  SELECT ST_MakePoint(
           LEAST(GREATEST(round((sum(sx)::float8 / sum(n) / %(unit)s * %(size)s - %(x)s) * 4096), 0), 4095),
           LEAST(GREATEST(round((sum(sy)::float8 / sum(n) / %(unit)s * %(size)s - %(y)s) * 4096), 0), 4095)) AS geom,
         {today_cells.group_properties_sql("min(sid)")}
  FROM (
    SELECT cx, cy, {{columns}}, sum(n) AS n, sum(sx) AS sx, sum(sy) AS sy, sum(sid) AS sid
    FROM (
      SELECT cx, cy, {{columns}}, n, sx, sy, sid FROM {{month_table}}
      WHERE month = %(month)s AND level = %(level)s AND cx BETWEEN %(x0)s AND %(x1)s
        AND cy BETWEEN %(y0)s AND %(y1)s{{filters}}
      UNION ALL
      SELECT cx, cy, {{columns}}, %(sign)s * n, %(sign)s * sx, %(sign)s * sy, %(sign)s * sid FROM {{day_table}}
      WHERE level = %(level)s AND cx BETWEEN %(x0)s AND %(x1)s AND cy BETWEEN %(y0)s AND %(y1)s
        AND day BETWEEN %(first)s AND %(last)s{{filters}}
    ) AS parts
    GROUP BY cx, cy, {{columns}}
    HAVING sum(n) > 0
  ) AS groups
  GROUP BY cx, cy
) AS t
"""


def cells_tile_sql(tile, day: date, month: date, filters: dict[str, list[str]] | None = None) -> tuple[str, dict]:
    """The statement of a tile (zoom ≤ MAX_ZOOM) as of ``day`` from the snapshot of ``month`` (a
    built month's first day): one not after ``day`` plus the changes of the days from it to
    ``day``, or a later one less the changes of the days after ``day`` up to it. ``filters`` as
    cameras.tile_cells.cells_where takes them."""
    where, params = today_cells.cells_where(filters)
    forward = month <= day
    first, last = (month, day) if forward else (day + timedelta(days=1), month - timedelta(days=1))
    params |= today_cells.cells_tile_params(tile) | {
        "unit": float(2**UNIT), "month": month, "first": first, "last": last, "sign": 1 if forward else -1}
    sql = TILE_SQL.format(columns=_COLUMNS, month_table=_MONTH, day_table=_DAY, filters=where)
    return sql, params


def tile_as_of(tile, day: date, filters: dict[str, list[str]] | None = None) -> bytes | None:
    """The MVT bytes of the tile as of ``day`` from the cells, or None when the cells cannot
    answer (not PostGIS, not built, a zoom they do not cover): the caller groups live."""
    if not _postgres() or tile.z > MAX_ZOOM or not tile.clustered:
        return None
    months = list(CellsMonth.objects.order_by("month").values_list("month", flat=True))  # a row a month: one query
    before = next((month for month in reversed(months) if month <= day), None)
    if before is None:
        return None
    after = next((month for month in months if month > day), None)
    # The nearer snapshot: at most half a month of days' changes to add or take away.
    month = after if after is not None and (after - day).days < (day - before).days + 1 else before
    sql, params = cells_tile_sql(tile, day, month, filters)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (data,) = cursor.fetchone()
    return bytes(data or b"")
