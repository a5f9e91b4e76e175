"""The audit trail learns one more action: a moderator's decision on an official list's probable
match. On SQLite, changing the CHECK constraint rebuilds the table, which drops its append-only
triggers: they are put back at the end (PostgreSQL alters in place and keeps them)."""

from django.conf import settings
from django.db import migrations, models

from cameramap.cameras.audit_sql import SQLITE_UP

ACTIONS = ['received', 'approve', 'attach', 'reject', 'merge', 'split', 'correct', 'remove', 'lock', 'blur', 'declared']


def sqlite_triggers_restore(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('cameras', '0008_tile_cells_verified'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name='moderationevent', name='event_action_valid'),
        migrations.AlterField(
            model_name='moderationevent',
            name='action',
            field=models.CharField(choices=[('received', 'received'), ('approve', 'approved as a new camera'), ('attach', 'attached to a camera'), ('reject', 'rejected'), ('merge', 'cameras merged'), ('split', 'sighting split out'), ('correct', 'camera corrected'), ('remove', 'camera marked removed'), ('lock', 'taken for review'), ('blur', 'photo blurred by hand'), ('declared', 'official list match decided')], max_length=16),
        ),
        migrations.AddConstraint(
            model_name='moderationevent',
            constraint=models.CheckConstraint(condition=models.Q(('action__in', ACTIONS)), name='event_action_valid'),
        ),
        migrations.RunPython(sqlite_triggers_restore, migrations.RunPython.noop),
    ]
