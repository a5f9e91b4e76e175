"""Looks are public only once the day is over and COVERAGE_DELAY_H hours more have passed; an
accepted report counts as a look at its nearest street on the day it was made."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from cameramap.coverage.models import StreetLook
from cameramap.coverage.selectors import last_public_day, publication_starts
from tests.factories import report_make

from .conftest import days_ago, lonlat

pytestmark = pytest.mark.django_db
BOX = "20.450,44.810,20.465,44.825"


def layer(client, **params):
    response = client.get("/api/v1/coverage/streets/", {"bbox": BOX, **params})
    assert response.status_code == 200
    return {f["id"]: {k: v for k, v in f["properties"].items() if k != "name"} for f in response.json()["features"]}


def test_a_day_is_public_only_after_its_end_plus_the_delay(settings):
    settings.COVERAGE_DELAY_H = 24
    day = datetime(2026, 12, 4).date()
    starts = publication_starts(day)
    assert starts == timezone.make_aware(datetime(2026, 12, 6, 0, 0))
    assert last_public_day(starts - timedelta(seconds=1)) == day - timedelta(days=1)
    assert last_public_day(starts) == day


def test_the_layer_shows_yesterday_only_when_the_delay_allows(client, grid, settings):
    StreetLook.objects.create(way_id=1, day=days_ago(1))
    StreetLook.objects.create(way_id=2, day=days_ago(2))
    settings.COVERAGE_DELAY_H = 24
    streets = layer(client)
    assert streets[1] == {"looked_on": None, "state": "never"}  # yesterday: not before tomorrow's midnight
    assert streets[2] == {"looked_on": days_ago(2).isoformat(), "state": "recent"}
    settings.COVERAGE_DELAY_H = 72
    assert layer(client)[2]["looked_on"] is None
    settings.COVERAGE_DELAY_H = 0
    assert layer(client)[1]["looked_on"] == days_ago(1).isoformat()


def test_a_survey_sent_today_is_not_public_today(client, grid, settings):
    settings.COVERAGE_DELAY_H = 0
    assert client.post("/api/v1/coverage/surveys/", {"segments": [1, 2], "day": days_ago(0).isoformat()},
                       content_type="application/json").status_code == 201
    assert {p["state"] for p in layer(client).values()} == {"never"}
    table = client.get("/api/v1/areas/coverage/").json()
    assert table["city"]["surveyed_m"] == 0.0


def test_stale_streets_are_told_apart_from_recent_ones(client, grid):
    StreetLook.objects.create(way_id=1, day=days_ago(400))
    StreetLook.objects.create(way_id=2, day=days_ago(10))
    streets = layer(client, months=6)
    assert streets[1]["state"] == "stale" and streets[2]["state"] == "recent"
    assert layer(client, months=24)[1]["state"] == "recent"


def test_an_accepted_report_counts_as_a_look_at_its_nearest_street(client, grid):
    lon, lat = lonlat(30, 8)  # 8 m north of street 1, 30 m east of street 2
    report = report_make(lon=lon, lat=lat, status="approved")
    pending_lon, pending_lat = lonlat(8, 60)  # near street 2 only, but not accepted
    report_make(lon=pending_lon, lat=pending_lat, status="pending")
    streets = layer(client)
    assert streets[1]["looked_on"] is None  # made today: not public yet
    report.created_at = timezone.now() - timedelta(days=3)
    report.save(update_fields=["created_at"])
    streets = layer(client)
    assert streets[1]["looked_on"] == timezone.localdate(report.created_at).isoformat()
    assert streets[2]["looked_on"] is None


def test_a_report_far_from_any_street_counts_for_none(client, grid):
    lon, lat = lonlat(60, 40)  # 40 m from street 1, 60 m from street 2
    report = report_make(lon=lon, lat=lat, status="approved")
    report.created_at = timezone.now() - timedelta(days=3)
    report.save(update_fields=["created_at"])
    assert {p["state"] for p in layer(client).values()} == {"never"}


@pytest.mark.parametrize("params, field", [
    ({}, "bbox"), ({"bbox": "1,2,3"}, "bbox"), ({"bbox": "20,44,21,45"}, "bbox"),
    ({"bbox": BOX, "months": "0"}, "months"), ({"bbox": BOX, "months": "x"}, "months"),
])
def test_bad_layer_queries_are_a_400(client, params, field):
    response = client.get("/api/v1/coverage/streets/", params)
    assert response.status_code == 400
    assert field in response.json()
