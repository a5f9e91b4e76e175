"""When the cells were built, so that they are rebuilt after TILE_CELLS_MAX_AGE_S even when the
data version did not move (see cameramap/cameras/tile_cells.py). PostGIS only."""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE api_camera_cells_state ADD COLUMN built_at timestamptz NOT NULL DEFAULT now()")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE api_camera_cells_state DROP COLUMN built_at")


class Migration(migrations.Migration):
    dependencies = [("api", "0002_camera_cells_levels")]

    operations = [migrations.RunPython(forward, backward)]
