"""The pre-grouped cells (cameramap/cameras/tile_cells.py) keep verified and imported cameras
apart, so a far tile says how many of each group are verified and answers ``verified=`` from the
cells. The cells hold only derived data: the table gets its new column empty, and the state row
goes, so tiles group live until the periodic task has rebuilt the cells. Nothing on SpatiaLite."""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TABLE IF EXISTS cameras_tile_cells_next", params=None)
    schema_editor.execute("TRUNCATE cameras_tile_cells", params=None)
    schema_editor.execute("ALTER TABLE cameras_tile_cells ADD COLUMN IF NOT EXISTS verified boolean", params=None)
    schema_editor.execute("DELETE FROM cameras_tile_cells_state", params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("TRUNCATE cameras_tile_cells", params=None)
    schema_editor.execute("ALTER TABLE cameras_tile_cells DROP COLUMN IF EXISTS verified", params=None)
    schema_editor.execute("DELETE FROM cameras_tile_cells_state", params=None)


class Migration(migrations.Migration):
    dependencies = [("cameras", "0007_photo_unblurred")]

    operations = [migrations.RunPython(forward, backward)]
