"""The coverage figures are computed once and then read from the cache, until what they are read
from changes: a survey, an accepted report, the streets, the cameras, the districts, or the clock
(a day becoming public, a new day)."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from cameramap.cameras.areas import area_save
from cameramap.cameras.models import Area
from cameramap.city.services import city_import
from cameramap.coverage import figures
from cameramap.coverage.models import StreetLook
from cameramap.coverage.selectors import publication_starts
from cameramap.coverage.versions import coverage_version
from cameramap.moderation.services.decisions import report_approve
from tests.exposure.conftest import geos
from tests.factories import camera_make, report_make

from .conftest import days_ago, lonlat

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(monkeypatch):
    """Counts the computations of the table and of one district's figures."""
    calls = {"table": 0, "area": 0}
    table, area = figures.table_compute, figures.area_compute

    def table_counted(**kwargs):
        calls["table"] += 1
        return table(**kwargs)

    def area_counted(*args, **kwargs):
        calls["area"] += 1
        return area(*args, **kwargs)

    monkeypatch.setattr(figures, "table_compute", table_counted)
    monkeypatch.setattr(figures, "area_compute", area_counted)
    return calls


@pytest.fixture
def no_tasks(monkeypatch):
    """The recomputation of fields of view a change sets off is the exposure tests' business: not queued here."""
    from cameramap.exposure import handlers

    monkeypatch.setattr(handlers, "exposure_request", lambda *args, **kwargs: None)


def surveyed_m(client, **params) -> float:
    response = client.get("/api/v1/areas/coverage/", params)
    assert response.status_code == 200
    return response.json()["city"]["surveyed_m"]


def test_a_second_read_is_served_from_the_cache_with_one_query(client, grid, computed, django_assert_num_queries):
    StreetLook.objects.create(way_id=1, day=days_ago(10))
    first = client.get("/api/v1/areas/coverage/").json()
    with django_assert_num_queries(1):  # the cameras' version; the rest of the key is in the cache
        again = figures.coverage_table(months=6)
    assert again == first and first["city"]["surveyed_m"] == 200.0
    assert client.get("/api/v1/areas/coverage/").json() == first
    assert computed["table"] == 1


def test_the_data_page_reads_the_cached_table(client, grid, computed):
    assert client.get("/data/").status_code == 200
    assert client.get("/data/").status_code == 200
    assert computed["table"] == 1


def test_each_number_of_months_has_its_own_table(client, grid, computed):
    StreetLook.objects.create(way_id=1, day=days_ago(400))
    short = client.get("/api/v1/areas/coverage/", {"months": 6}).json()["city"]
    long = client.get("/api/v1/areas/coverage/", {"months": 24}).json()["city"]
    assert (short["not_looked_at_m"], long["not_looked_at_m"]) == (400.0, 200.0)
    client.get("/api/v1/areas/coverage/", {"months": 6})
    assert computed["table"] == 2


def test_one_districts_figures_are_cached_too(client, grid, computed):
    url = f"/api/v1/areas/{grid['east'].id}/coverage/"
    assert client.get(url).json() == client.get(url).json()
    assert computed["area"] == 1


def test_a_recorded_survey_invalidates_the_table(client, grid, computed, django_capture_on_commit_callbacks):
    assert surveyed_m(client) == 0.0
    version = coverage_version()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/coverage/surveys/", {"segments": [2], "day": days_ago(3).isoformat()},
                               content_type="application/json")
    assert response.status_code == 201
    assert coverage_version() == version + 1
    assert surveyed_m(client) == 200.0
    assert computed["table"] == 2


def test_an_accepted_report_invalidates_the_table(client, grid, computed, moderator, no_tasks,
                                                  django_capture_on_commit_callbacks):
    lon, lat = lonlat(30, 8)  # 8 m from street 1
    report = report_make(lon=lon, lat=lat, status="pending")
    report.created_at = timezone.now() - timedelta(days=3)
    report.save(update_fields=["created_at"])
    assert surveyed_m(client) == 0.0  # pending: no look
    version = coverage_version()
    with django_capture_on_commit_callbacks(execute=True):
        report_approve(report=report, moderator=moderator)
    assert coverage_version() == version + 1
    table = client.get("/api/v1/areas/coverage/").json()
    assert table["city"]["surveyed_m"] == 200.0 and table["city"]["verified_cameras"] == 1
    assert computed["table"] == 2


def test_reimported_streets_invalidate_the_table(client, grid, computed, no_tasks, tmp_path,
                                                 django_capture_on_commit_callbacks):
    assert client.get("/api/v1/areas/coverage/").json()["city"]["street_m"] == 400.0
    (west, lat), (east, _lat) = lonlat(-100, -80), lonlat(100, -80)
    extract = tmp_path / "more.osm"
    extract.write_text(
        f'<osm version="0.6"><node id="1" lat="{lat}" lon="{west}"/><node id="2" lat="{lat}" lon="{east}"/>'
        '<way id="50"><nd ref="1"/><nd ref="2"/><tag k="highway" v="footway"/><tag k="name" v="Quay"/></way></osm>')
    version = coverage_version()
    with django_capture_on_commit_callbacks(execute=True):
        assert city_import(extract).streets == 1
    assert coverage_version() == version + 1
    assert client.get("/api/v1/areas/coverage/").json()["city"]["street_m"] == pytest.approx(600.0, abs=0.5)
    assert computed["table"] == 2


def test_a_changed_camera_invalidates_the_table(client, grid, computed):
    assert client.get("/api/v1/areas/coverage/").json()["city"]["verified_cameras"] == 0
    camera = camera_make(**dict(zip(("lon", "lat"), lonlat(50, 5))))
    assert client.get("/api/v1/areas/coverage/").json()["city"]["verified_cameras"] == 1
    camera.verified_on = None
    camera.save()
    assert client.get("/api/v1/areas/coverage/").json()["city"]["verified_cameras"] == 0
    assert computed["table"] == 3


def test_a_new_district_invalidates_the_table(client, grid, computed):
    from shapely.geometry import MultiPolygon, box

    assert [a["area"]["name"] for a in client.get("/api/v1/areas/coverage/").json()["areas"]] == ["East", "Whole"]
    area_save(Area(name="West", slug="west", boundary=geos(MultiPolygon([box(-100, -100, -10, 100)]))))
    names = [a["area"]["name"] for a in client.get("/api/v1/areas/coverage/").json()["areas"]]
    assert names == ["East", "West", "Whole"]
    assert computed["table"] == 2


def test_the_publication_delay_holds_across_the_cache(grid, computed, settings):
    settings.COVERAGE_DELAY_H = 30  # the day opens at 06:00: before and after it are the same date
    day = days_ago(5)
    StreetLook.objects.create(way_id=1, day=day)
    opens = publication_starts(day)
    before, after = opens - timedelta(minutes=1), opens
    assert timezone.localdate(before) == timezone.localdate(after)
    assert figures.coverage_table(months=6, now=before)["city"]["surveyed_m"] == 0.0
    assert figures.coverage_table(months=6, now=after)["city"]["surveyed_m"] == 200.0  # no change but the clock
    assert figures.coverage_table(months=6, now=before)["city"]["surveyed_m"] == 0.0  # nor served early
    assert figures.coverage_table(months=6, now=before)["public_until"] == (day - timedelta(days=1)).isoformat()
    assert computed["table"] == 2
    settings.COVERAGE_DELAY_H = 0  # a shorter delay is its own boundary, not the cached one
    shorter = figures.coverage_table(months=6, now=before)
    assert shorter["public_until"] == (timezone.localdate(before) - timedelta(days=1)).isoformat()
    assert computed["table"] == 3


def test_a_new_day_is_a_new_table(grid, computed):
    StreetLook.objects.create(way_id=1, day=days_ago(40))
    noon = timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time())) + timedelta(hours=12)
    today = figures.coverage_table(months=6, now=noon)
    tomorrow = figures.coverage_table(months=6, now=noon + timedelta(days=1))
    assert today["public_until"] != tomorrow["public_until"]
    assert figures.coverage_table(months=6, now=noon + timedelta(hours=1)) == today
    assert computed["table"] == 2
