# Mapping events: codes a moderator issues that raise the report limits for the phones using them.

import cameramap.moderation.models
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('moderation', '0004_moderationevent_to_cameras'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='MappingEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='Shown to the volunteers who enter the code.', max_length=100, verbose_name='name')),
                ('code', models.CharField(default=cameramap.moderation.models.new_event_code, editable=False, max_length=16, unique=True, verbose_name='code')),
                ('starts_at', models.DateTimeField(verbose_name='valid from')),
                ('ends_at', models.DateTimeField(db_index=True, verbose_name='valid until')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
            ],
            options={
                'verbose_name': 'mapping event',
                'verbose_name_plural': 'mapping events',
                'ordering': ['-starts_at', '-id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('ends_at__gte', models.F('starts_at'))), name='mappingevent_ends_after_start')],
            },
        ),
    ]
