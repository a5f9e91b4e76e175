"""POST /api/v1/coverage/surveys/: a survey is stored as (street, day) pairs and nothing else;
hostile input is a 400 that says what is wrong; a survey counts against the report limits."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from cameramap.coverage.models import StreetLook

from .conftest import days_ago

pytestmark = pytest.mark.django_db
URL = "/api/v1/coverage/surveys/"
PHONE = "a1b2c3d4e5f60718293a4b5c6d7e8f90"


def send(segments, day, *, client=None, fmt="json", **extra):
    client = client or APIClient()
    return client.post(URL, {"segments": segments, "day": day.isoformat() if hasattr(day, "isoformat") else day},
                       format=fmt, **extra)


def stored():
    with connection.cursor() as cursor:
        cursor.execute("SELECT way_id, day FROM coverage_streetlook")
        return [(row[0], str(row[1])) for row in cursor.fetchall()]


def test_it_stores_one_pair_per_street_and_answers_201(grid):
    response = send([2, 1], days_ago(0))
    assert response.status_code == 201
    body = response.json()
    assert body["kind"] == "survey" and body["segments"] == 2 and body["day"] == days_ago(0).isoformat()
    assert sorted(stored()) == [(1, days_ago(0).isoformat()), (2, days_ago(0).isoformat())]


def test_it_takes_the_outbox_multipart_form_with_repeated_fields(grid):
    response = send(["1", "2"], days_ago(1), fmt="multipart", HTTP_X_INSTALL_KEY=PHONE)
    assert response.status_code == 201
    assert len(stored()) == 2


def test_the_table_has_only_the_street_and_the_day_and_no_row_id():
    columns = {column.name for column in connection.introspection.get_table_description(
        connection.cursor(), "coverage_streetlook")}
    assert columns == {"way_id", "day"}
    assert [field.name for field in StreetLook._meta.concrete_fields] == ["way_id", "day"]


def test_the_order_of_the_streets_is_not_kept(grid):
    """Rows are written in way-id order whatever the order tapped: two walks in opposite
    directions leave the same table, row for row, in the order the database returns them."""
    send([2, 1], days_ago(0))
    first = stored()
    StreetLook.objects.all().delete()
    send([1, 2], days_ago(0))
    assert stored() == first == sorted(first)


def test_a_repeat_or_someone_else_walking_there_gets_the_same_answer_and_stores_nothing_more(grid):
    first = send([1, 2], days_ago(0)).json()
    again = send([1, 2], days_ago(0)).json()
    assert first == again
    assert len(stored()) == 2


def test_nothing_of_the_request_is_stored_anywhere_but_the_pairs(grid):
    """Neither the install key nor the idempotency key is in any table after a survey."""
    key = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    response = APIClient().post(URL, {"segments": ["1"], "day": days_ago(0).isoformat(), "idempotency_key": key},
                                format="multipart", HTTP_X_INSTALL_KEY=PHONE)
    assert response.status_code == 201
    assert stored() == [(1, days_ago(0).isoformat())]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table.startswith(("idx_", "sqlite_", "spatial", "geometry_columns", "views_", "virts_", "vector_",
                                 "SpatialIndex", "ElementaryGeometries", "KNN", "data_licenses", "sql_statements")):
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            text = repr(cursor.fetchall())
            assert PHONE not in text and key not in text, table


@pytest.mark.parametrize("segments, message", [
    ([1, 424242], "1 street is not one we know (or not one a person can walk): 424242."),
    ([3], "1 street is not one we know (or not one a person can walk): 3."),  # the motorway
    ([], "This list may not be empty."),
    (["x"], "A valid integer is required."),
])
def test_unknown_or_malformed_streets_are_a_400(grid, segments, message):
    response = send(segments, days_ago(0))
    assert response.status_code == 400
    assert message in str(response.json()["segments"])
    assert stored() == []


def test_too_many_streets_is_a_400(grid, settings):
    settings.COVERAGE_MAX_SEGMENTS = 1
    response = send([1, 2], days_ago(0))
    assert response.status_code == 400
    assert response.json() == {"segments": ["At most 1 streets in one survey; send a longer walk in parts."]}


def test_streets_far_apart_are_a_400(grid, far_street):
    response = send([1, 99], days_ago(0))
    assert response.status_code == 400
    assert "too far for one walk (at most 5.0 km)" in response.json()["segments"][0]
    assert stored() == []


@pytest.mark.parametrize("day, message", [
    (days_ago(-1), "The day is in the future"),
    (days_ago(31), "The day is too long ago: surveys of the last 30 days are taken."),
    ("2026-02-30", "Date has wrong format"),
])
def test_a_day_in_the_future_or_too_long_ago_is_a_400(grid, day, message):
    response = send([1], day)
    assert response.status_code == 400
    assert message in response.json()["day"][0]


def test_a_survey_counts_against_the_report_limits(grid, settings):
    settings.THROTTLE_REPORTS = "2/hour"
    assert [send([1], days_ago(0), HTTP_X_INSTALL_KEY=PHONE).status_code for _ in range(2)] == [201, 201]
    refused = send([1], days_ago(0), HTTP_X_INSTALL_KEY=PHONE)
    assert refused.status_code == 429
    assert refused.json()["limit"] == "phone"
    assert int(refused["Retry-After"]) > 0
    assert send([1], days_ago(0), HTTP_X_INSTALL_KEY="5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f").status_code == 201


def test_a_refused_survey_does_not_count(grid, settings):
    settings.THROTTLE_REPORTS = "1/hour"
    assert send([424242], days_ago(0), HTTP_X_INSTALL_KEY=PHONE).status_code == 400
    assert send([1], days_ago(0), HTTP_X_INSTALL_KEY=PHONE).status_code == 201


def test_a_form_with_more_fields_than_django_takes_is_a_json_400(grid, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    response = APIClient().post(URL, "&".join(["day=2026-12-05"] + [f"segments={i}" for i in range(1, 60)]),
                                content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert response.json() == {"segments": ["At most 300 streets in one survey; send a longer walk in parts."]}


def test_a_body_over_djangos_limit_is_a_json_413(grid, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = send(list(range(1, 500)), days_ago(0))
    assert response.status_code == 413
    assert response.json() == {"detail": "The survey is too large."}
