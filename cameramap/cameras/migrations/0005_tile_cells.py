"""The pre-grouped cameras behind far-away vector tiles on PostGIS (see cameramap/cameras/
tile_cells.py), with the code that builds and reads them: ``cameras_tile_cells``, a pyramid of
Web Mercator grids that keeps the filterable attributes apart, and ``cameras_tile_cells_state``,
the one row that records which data version and when it was built from. Both are created empty:
tiles group live until the periodic task has built the cells. Nothing on SpatiaLite, whose tiles
are grouped in Python.

Installations where the API app created the same tables under their earlier names
(``api_camera_cells``, a materialized view in the first version) lose them here: they hold only
derived data, which the periodic task rebuilds within TILE_CELLS_REFRESH_S."""

from django.db import migrations

OLD = ["api_camera_cells_next", "api_camera_cells", "api_camera_cells_state"]
CREATE = [
    """
    CREATE TABLE cameras_tile_cells (
      level integer NOT NULL, cx integer NOT NULL, cy integer NOT NULL,
      surveillance_type varchar(20), camera_type varchar(16), operator_type varchar(16),
      facial_recognition varchar(16), status varchar(10),
      n integer NOT NULL, sx double precision NOT NULL, sy double precision NOT NULL, id bigint NOT NULL
    )
    """,
    "CREATE INDEX cameras_tile_cells_tile ON cameras_tile_cells (level, cx, cy)",
    """
    CREATE TABLE cameras_tile_cells_state (
      one boolean PRIMARY KEY DEFAULT true CHECK (one), version text NOT NULL,
      built_at timestamptz NOT NULL DEFAULT now()
    )
    """,
]
DROP = ["DROP TABLE IF EXISTS cameras_tile_cells_next", "DROP TABLE IF EXISTS cameras_tile_cells",
        "DROP TABLE IF EXISTS cameras_tile_cells_state"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT relname, relkind FROM pg_class WHERE relname = ANY(%s) AND relkind IN ('r', 'm')", [OLD])
        old = cursor.fetchall()
    for name, kind in old:
        schema_editor.execute(f"DROP {'MATERIALIZED VIEW' if kind == 'm' else 'TABLE'} IF EXISTS {name}", params=None)
    for statement in CREATE:
        schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("cameras", "0004_moderationevent")]

    operations = [migrations.RunPython(create, drop)]
