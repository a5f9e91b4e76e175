# The unblurred processed display image, kept privately until the report is decided.

import cameramap.cameras.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cameras', '0005_tile_cells'),
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
    ]
