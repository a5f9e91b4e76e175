import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_locations_have_spatial_indexes():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tablename FROM pg_indexes WHERE indexdef ILIKE '%gist%' AND indexdef ILIKE '%(location)%'"
            )
            tables = {row[0] for row in cursor.fetchall()}
        else:
            cursor.execute("SELECT f_table_name FROM geometry_columns WHERE spatial_index_enabled = 1 AND f_geometry_column = 'location'")
            tables = {row[0] for row in cursor.fetchall()}
    assert {"cameras_camera", "cameras_report"} <= tables


@pytest.mark.django_db
def test_role_groups_exist():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {"moderators", "trusted volunteers"}
