"""The audit trail moves to the cameras app (cameras/history.py), which owns a camera's life.
Only Django's picture of the models changes: the table keeps its name, its rows and the
append-only triggers (moderation/0002). The model's content type is relabelled rather than
recreated, so that permissions granted on it and the admin's log keep pointing at it.

This migration depends on moderation's last one before the move, which created the table:
every later change to the audit trail (a migration of this app) then finds it there."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_type_relabel(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="cameras", model="moderationevent").exists():
        ContentType.objects.filter(app_label="moderation", model="moderationevent").update(app_label="cameras")


def content_type_relabel_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="moderation", model="moderationevent").exists():
        ContentType.objects.filter(app_label="cameras", model="moderationevent").update(app_label="moderation")


class Migration(migrations.Migration):

    dependencies = [
        ("cameras", "0003_photo_blur_boxes_help"),
        ("moderation", "0003_review_lock"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ModerationEvent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("action", models.CharField(choices=[("received", "received"), ("approve", "approved as a new camera"), ("attach", "attached to a camera"), ("reject", "rejected"), ("merge", "cameras merged"), ("split", "sighting split out"), ("correct", "camera corrected"), ("remove", "camera marked removed"), ("lock", "taken for review"), ("blur", "photo blurred by hand")], max_length=16)),
                        ("reason", models.TextField(blank=True)),
                        ("data", models.JSONField(blank=True, default=dict)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("camera", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="events", to="cameras.camera")),
                        ("moderator", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="moderation_events", to=settings.AUTH_USER_MODEL)),
                        ("report", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="events", to="cameras.report")),
                    ],
                    options={
                        "db_table": "moderation_moderationevent",
                        "ordering": ["created_at", "id"],
                        "constraints": [models.CheckConstraint(condition=models.Q(("action__in", ["received", "approve", "attach", "reject", "merge", "split", "correct", "remove", "lock", "blur"])), name="event_action_valid"), models.CheckConstraint(condition=models.Q(("report__isnull", False), ("camera__isnull", False), _connector="OR"), name="event_has_subject")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_relabel, content_type_relabel_back),
    ]
