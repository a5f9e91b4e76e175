"""The role groups, and database triggers that make the audit trail append-only: no UPDATE or
DELETE reaches a moderation event, whatever path it comes by (ORM, admin, raw SQL)."""

from django.db import migrations

from cameramap.cameras.audit_sql import triggers_down, triggers_up
from cameramap.moderation.groups import MODERATORS, TRUSTED


def groups_up(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in (MODERATORS, TRUSTED):
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [
        migrations.RunPython(groups_up, migrations.RunPython.noop),
        migrations.RunPython(triggers_up, triggers_down),
    ]
