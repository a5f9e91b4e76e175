"""The database itself refuses rows that break the rules of the data, on both backends."""

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cameramap.cameras.models import Camera, Report
from cameramap.cameras.history import Action, ModerationEvent
from tests.factories import camera_make, report_make

pytestmark = pytest.mark.django_db


def assert_refused_by_database(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        camera_make(**fields)


@pytest.mark.parametrize("lon, lat", [(180.5, 10), (-181, 10), (10, 90.01), (10, -95)])
def test_database_refuses_coordinates_off_earth(lon, lat):
    assert_refused_by_database(lon=lon, lat=lat)


@pytest.mark.parametrize("lon, lat", [(180, 90), (-180, -90), (0, 0)])
def test_database_accepts_coordinates_at_the_edges(lon, lat):
    assert camera_make(lon=lon, lat=lat).pk is not None


@pytest.mark.parametrize("directions", [[360], [-1], [90, 400], ["north"], [1.5], {"a": 1}, list(range(9))])
def test_database_refuses_directions_outside_0_to_359(directions):
    assert_refused_by_database(directions=directions)


def test_database_accepts_several_directions():
    camera = camera_make(directions=[0, 90, 359])
    camera.refresh_from_db()
    assert camera.directions == [0, 90, 359]


@pytest.mark.parametrize(
    "field, value",
    [("camera_type", "bullet"), ("mount", "tree"), ("surveillance_type", "alpr"), ("zone", "home"),
     ("operator_type", "army"), ("facial_recognition", "maybe"), ("sign_present", "perhaps"),
     ("surveillance", "private"), ("status", "broken"), ("source", "rumour")],
)
def test_database_refuses_values_outside_the_vocabulary(field, value):
    assert_refused_by_database(**{field: value})


def test_database_refuses_negative_height():
    assert_refused_by_database(height=-2)


def test_database_refuses_report_of_existing_camera_without_the_camera():
    with pytest.raises(IntegrityError), transaction.atomic():
        report_make(kind="gone")


def test_full_clean_explains_what_is_wrong():
    camera = Camera(location=Point(x=200, y=10, srid=4326), directions=[370], first_seen="2026-01-01", last_confirmed="2026-01-01")
    with pytest.raises(ValidationError) as error:
        camera.full_clean()
    assert set(error.value.message_dict) >= {"location", "directions"}


def test_full_clean_accepts_a_valid_report():
    report = Report(location=Point(x=20.45, y=44.81, srid=4326), directions=[90], camera_type="dome")
    report.full_clean()


def test_audit_trail_cannot_be_changed_or_deleted_even_with_raw_queries():
    event = ModerationEvent.objects.create(report=report_make(), action=Action.RECEIVED)
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        ModerationEvent.objects.all().delete()
    with pytest.raises(TypeError):
        ModerationEvent.objects.update(reason="rewritten")
    from django.db import DatabaseError, connection

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE moderation_moderationevent SET reason = 'rewritten'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM moderation_moderationevent")
    assert ModerationEvent.objects.get().reason == ""
