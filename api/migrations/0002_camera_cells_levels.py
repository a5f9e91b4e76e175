"""The pre-grouped cameras become a pyramid and keep the filterable attributes apart.

``api_camera_cells`` now holds one row per (level, cell, attribute combination): for every level
from 2 to 16 (the 4 × 4 grid of a tile at zoom level − 2), the published cameras of each cell
that share ``surveillance_type``, ``camera_type``, ``operator_type``, ``facial_recognition`` and
``status``. A tile at zoom z reads exactly the 16 cells of level z + 2 under it (a few hundred
rows at most, whatever the zoom), and a tile filtered on those attributes reads the same rows
with a WHERE. Each level is grouped from the one below it, so a refresh reads the cameras once.
Nothing on SpatiaLite, whose tiles are grouped in Python (see cameramap/cameras/tile_cells.py).
"""

from django.db import migrations

LEVEL = 16
MIN_LEVEL = 2
ATTRIBUTES = "surveillance_type, camera_type, operator_type, facial_recognition, status"


def _levels_sql() -> str:
    """SELECT level, cx, cy, <attributes>, n, sx, sy, id: every level, each grouped from the finer one."""
    finest = f"""
      l{LEVEL} AS (
        SELECT cx, cy, {ATTRIBUTES}, count(*)::int AS n, sum(gx) AS sx, sum(gy) AS sy, min(id) AS id
        FROM (
          SELECT id, {ATTRIBUTES}, gx, gy,
                 LEAST(floor(gx * {2**LEVEL}), {2**LEVEL - 1})::int AS cx,
                 LEAST(floor(gy * {2**LEVEL}), {2**LEVEL - 1})::int AS cy
          FROM (
            SELECT c.id, c.surveillance_type, c.camera_type, c.operator_type, c.facial_recognition, c.status,
                   (ST_X(c.location) + 180) / 360 AS gx,
                   (1 - ln(tan(radians(LEAST(GREATEST(ST_Y(c.location), -85.0511287798), 85.0511287798)))
                           + 1 / cos(radians(LEAST(GREATEST(ST_Y(c.location), -85.0511287798), 85.0511287798))))
                        / pi()) / 2 AS gy
            FROM cameras_camera c
            WHERE c.published AND c.merged_into_id IS NULL
          ) AS positioned
        ) AS celled
        GROUP BY cx, cy, {ATTRIBUTES}
      )"""
    coarser = [
        f"""
      l{level} AS (
        SELECT cx / 2 AS cx, cy / 2 AS cy, {ATTRIBUTES}, sum(n)::int AS n, sum(sx) AS sx, sum(sy) AS sy, min(id) AS id
        FROM l{level + 1}
        GROUP BY cx / 2, cy / 2, {ATTRIBUTES}
      )"""
        for level in range(LEVEL - 1, MIN_LEVEL - 1, -1)
    ]
    union = "\n    UNION ALL ".join(
        f"SELECT {level} AS level, cx, cy, {ATTRIBUTES}, n, sx, sy, id FROM l{level}"
        for level in range(LEVEL, MIN_LEVEL - 1, -1)
    )
    return f"WITH{','.join([finest, *coarser])}\n    {union}"


FORWARD = [
    "DROP MATERIALIZED VIEW IF EXISTS api_camera_cells",
    f"CREATE MATERIALIZED VIEW api_camera_cells AS {_levels_sql()} WITH DATA",
    f"CREATE UNIQUE INDEX api_camera_cells_key ON api_camera_cells (level, cx, cy, {ATTRIBUTES})",
    "DELETE FROM api_camera_cells_state",  # built from scratch: whatever version was recorded is moot
]

BACKWARD = [
    "DROP MATERIALIZED VIEW IF EXISTS api_camera_cells",
    # The single-level view of 0001, as it was.
    f"""
    CREATE MATERIALIZED VIEW api_camera_cells AS
    SELECT cx, cy, sum(n)::int AS n, sum(sx) AS sx, sum(sy) AS sy, min(id) AS id,
           min(surveillance_type) AS surveillance_type, min(camera_type) AS camera_type,
           min(operator_type) AS operator_type, min(status) AS status, min(facial_recognition) AS facial_recognition
    FROM (SELECT cx, cy, n, sx, sy, id, {ATTRIBUTES} FROM ({_levels_sql()})
          AS levels WHERE level = {LEVEL}) AS finest
    GROUP BY cx, cy
    WITH DATA
    """,
    "CREATE UNIQUE INDEX api_camera_cells_xy ON api_camera_cells (cx, cy)",
    "DELETE FROM api_camera_cells_state",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("api", "0001_camera_cells")]

    operations = [migrations.RunPython(forward, backward)]
