"""The pre-grouped versions behind far tiles as of a past day (cameramap/timeline/tile_cells.py):
``CellsMonth``, the months whose snapshot is built (none: not built, tiles group live), and on
PostGIS the two tables of cells, ``timeline_monthcell`` (a snapshot per month) and
``timeline_daycell`` (each day's changes), each with the one index a tile reads it by. They hold
derived data only, written by tile_cells.py alone (its writers take turns under an advisory lock,
so the tables need no key of their own); the periodic sweep builds them. Nothing on SpatiaLite,
whose tiles are grouped in Python."""

from django.db import migrations, models

COLUMNS = """
  level smallint NOT NULL, cx integer NOT NULL, cy integer NOT NULL,
  surveillance_type varchar(20) NOT NULL, camera_type varchar(16) NOT NULL, operator_type varchar(16) NOT NULL,
  facial_recognition varchar(16) NOT NULL, status varchar(10) NOT NULL, verified boolean NOT NULL,
  n integer NOT NULL, sx bigint NOT NULL, sy bigint NOT NULL, sid bigint NOT NULL
"""
CREATE = [
    f"CREATE TABLE timeline_monthcell (month date NOT NULL, {COLUMNS})",
    "CREATE INDEX timeline_monthcell_tile ON timeline_monthcell (month, level, cx, cy)",
    f"CREATE TABLE timeline_daycell (day date NOT NULL, {COLUMNS})",
    "CREATE INDEX timeline_daycell_tile ON timeline_daycell (level, cx, cy, day)",
]
DROP = ["DROP TABLE IF EXISTS timeline_monthcell", "DROP TABLE IF EXISTS timeline_daycell"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("timeline", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="CellsMonth",
            fields=[("month", models.DateField(primary_key=True, serialize=False))],
        ),
        migrations.RunPython(create, drop),
    ]
