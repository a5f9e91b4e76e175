"""The pre-grouped cameras behind far-away vector tiles on PostGIS (see
cameramap/cameras/tile_cells.py): the materialized view ``api_camera_cells`` over a global
grid of 2^16 × 2^16 Web Mercator cells, and the one-row table that records which data version
it was built from. Nothing on SpatiaLite, whose tiles are grouped in Python."""

from django.db import migrations

LEVEL = 16
STATEMENTS = [
    f"""
    CREATE MATERIALIZED VIEW api_camera_cells AS
    SELECT cx, cy, count(*) AS n, sum(gx) AS sx, sum(gy) AS sy, min(id) AS id,
           min(surveillance_type) AS surveillance_type, min(camera_type) AS camera_type,
           min(operator_type) AS operator_type, min(status) AS status, min(facial_recognition) AS facial_recognition
    FROM (
      SELECT id, surveillance_type, camera_type, operator_type, status, facial_recognition, gx, gy,
             LEAST(floor(gx * {2**LEVEL}), {2**LEVEL - 1})::int AS cx,
             LEAST(floor(gy * {2**LEVEL}), {2**LEVEL - 1})::int AS cy
      FROM (
        SELECT c.id, c.surveillance_type, c.camera_type, c.operator_type, c.status, c.facial_recognition,
               (ST_X(c.location) + 180) / 360 AS gx,
               (1 - ln(tan(radians(LEAST(GREATEST(ST_Y(c.location), -85.0511287798), 85.0511287798)))
                       + 1 / cos(radians(LEAST(GREATEST(ST_Y(c.location), -85.0511287798), 85.0511287798)))) / pi()) / 2
                 AS gy
        FROM cameras_camera c
        WHERE c.published AND c.merged_into_id IS NULL
      ) AS positioned
    ) AS celled
    GROUP BY cx, cy
    WITH DATA
    """,
    "CREATE UNIQUE INDEX api_camera_cells_xy ON api_camera_cells (cx, cy)",
    "CREATE TABLE api_camera_cells_state (one boolean PRIMARY KEY DEFAULT true CHECK (one), version text NOT NULL)",
]
DROP = ["DROP TABLE IF EXISTS api_camera_cells_state", "DROP MATERIALIZED VIEW IF EXISTS api_camera_cells"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in STATEMENTS:
            schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("cameras", "0002_spatialite_spatial_indexes")]

    operations = [migrations.RunPython(create, drop)]
