"""The pre-grouped cameras become a pyramid of levels that keeps the filterable attributes
apart, in a table rebuilt beside the old one and swapped in (see cameramap/cameras/tile_cells.py
for the layout and the rebuild). This creates it empty: tiles group live until the periodic
task has built it. Nothing on SpatiaLite, whose tiles are grouped in Python."""

import importlib

from django.db import migrations

FORWARD = [
    "DROP MATERIALIZED VIEW IF EXISTS api_camera_cells",
    """
    CREATE TABLE api_camera_cells (
      level integer NOT NULL, cx integer NOT NULL, cy integer NOT NULL,
      surveillance_type varchar(20), camera_type varchar(16), operator_type varchar(16),
      facial_recognition varchar(16), status varchar(10),
      n integer NOT NULL, sx double precision NOT NULL, sy double precision NOT NULL, id bigint NOT NULL
    )
    """,
    "CREATE INDEX api_camera_cells_tile ON api_camera_cells (level, cx, cy)",
    "DELETE FROM api_camera_cells_state",  # nothing built yet
]
BACKWARD = [
    "DROP TABLE IF EXISTS api_camera_cells_next",
    "DROP TABLE IF EXISTS api_camera_cells",
    *importlib.import_module("api.migrations.0001_camera_cells").STATEMENTS[:2],  # the view of 0001, as it was
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
