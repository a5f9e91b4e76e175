"""SpatiaLite loses a column's R*Tree spatial index when Django rebuilds a table (which it does
to add a CHECK constraint). This restores the indexes; PostGIS keeps its GiST indexes and needs
nothing. A migration that rebuilds one of these tables later should run this function again."""

from django.db import migrations

SPATIAL_COLUMNS = [
    ("cameras_camera", "location"),
    ("cameras_report", "location"),
    ("cameras_photo", "exif_location"),
    ("cameras_area", "boundary"),
]


def spatialite_indexes_ensure(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        for table, column in SPATIAL_COLUMNS:
            cursor.execute(
                "SELECT spatial_index_enabled FROM geometry_columns WHERE f_table_name = %s AND f_geometry_column = %s",
                [table, column],
            )
            row = cursor.fetchone()
            if row and not row[0]:
                # The rebuild leaves the old R*Tree table behind, disabled and stale: drop it
                # and build the index afresh from the rows.
                cursor.execute(f'DROP TABLE IF EXISTS "idx_{table}_{column}"')
                cursor.execute("SELECT CreateSpatialIndex(%s, %s)", [table, column])


class Migration(migrations.Migration):
    dependencies = [("cameras", "0001_initial")]

    operations = [migrations.RunPython(spatialite_indexes_ensure, migrations.RunPython.noop)]
