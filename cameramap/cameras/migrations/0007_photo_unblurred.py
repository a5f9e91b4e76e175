# The unblurred processed display image, kept privately until the report is decided.

import importlib

from django.db import migrations, models

import cameramap.cameras.models

# Adding a column with a default rebuilds cameras_photo on SQLite, which loses its R*Tree index.
spatialite_indexes_ensure = importlib.import_module(
    "cameramap.cameras.migrations.0002_spatialite_spatial_indexes"
).spatialite_indexes_ensure


class Migration(migrations.Migration):

    dependencies = [
        ('cameras', '0006_provenance'),
    ]

    operations = [
        migrations.AddField(
            model_name='photo',
            name='unblurred',
            field=models.FileField(blank=True, storage=cameramap.cameras.models._original_storage, upload_to='unblurred/'),
        ),
        migrations.AlterField(
            model_name='photo',
            name='blur_boxes',
            field=models.JSONField(blank=True, default=list, help_text='Areas to blur: faces and plates the detector found, and rectangles moderators added; those a moderator turned off have "on": false.'),
        ),
        migrations.RunPython(spatialite_indexes_ensure, migrations.RunPython.noop),
    ]
