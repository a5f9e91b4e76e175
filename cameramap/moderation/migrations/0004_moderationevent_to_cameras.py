"""The audit trail's model now belongs to the cameras app (cameras/0004); its table stays."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("moderation", "0003_review_lock"),
        ("cameras", "0004_moderationevent"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ModerationEvent")],
            database_operations=[],
        ),
    ]
