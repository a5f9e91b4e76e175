"""Far tiles as of a day from the pre-grouped versions (cameramap/timeline/tile_cells.py): the
same tile as grouping that day's versions live, at every zoom the cells serve and with the filters
they keep; kept in step with the versions change by change, exactly as a build from scratch."""

import random
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cameramap.cameras.tiles import Tile, camera_tile
from cameramap.moderation.services import camera_merge, report_approve
from cameramap.timeline import tile_cells
from cameramap.timeline.models import CellsMonth
from cameramap.timeline.selectors import cameras_as_of
from cameramap.timeline.services import camera_states_rebuild, camera_states_refresh, camera_states_sweep
from tests.api.test_tiles import decode, tile_of
from tests.factories import camera_make, report_make

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgis]

CENTRE = (20.4573, 44.8176)
DAYS = [date(2026, 1, 20), date(2026, 1, 28), date(2026, 2, 3), date(2026, 2, 10), date(2026, 2, 17)]
FILTERS = [{}, {"operator_type": ["police"]}, {"verified": "true"}, {"verified": "false", "camera_type": ["dome"]}]


@contextmanager
def on(day: date, hour: int = 12):
    moment = timezone.make_aware(datetime.combine(day, time(hour)))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def near(rng) -> dict:
    return {"lon": CENTRE[0] + rng.uniform(-0.03, 0.03), "lat": CENTRE[1] + rng.uniform(-0.02, 0.02)}


@pytest.fixture
def history(moderator, django_capture_on_commit_callbacks):
    """Five days over two months of a city's cameras: imported, seen, corrected, merged, removed."""
    rng = random.Random(18)

    def decide(report):
        with django_capture_on_commit_callbacks(execute=True):
            return report_approve(report=report, moderator=moderator)

    with on(DAYS[0]):
        imported = [camera_make(source="osm", osm_type="node", osm_id=i, first_seen=None, last_confirmed=None,
                                imported_at=timezone.now(), operator_type=rng.choice(["unknown", "city", "private"]),
                                camera_type=rng.choice(["fixed", "dome"]), **near(rng)) for i in range(40)]
        camera_states_rebuild()  # an installation's first rebuild: it builds the cells too
        assert tile_cells.cells_built()
    with on(DAYS[1]):
        crowd = [decide(report_make(directions=[90], operator_type="police", camera_type="dome", **near(rng)))
                 for _ in range(6)]
        for camera in imported[:5]:
            decide(report_make(kind="correct", camera=camera, lon=camera.location.x, lat=camera.location.y,
                               operator_type="police", camera_type="dome"))
    with on(DAYS[2]):
        camera_states_sweep()  # a new month: its snapshot
        assert set(CellsMonth.objects.values_list("month", flat=True)) == {date(2026, 1, 1), date(2026, 2, 1)}
        with django_capture_on_commit_callbacks(execute=True):
            camera_merge(camera=crowd[1], into=crowd[0], moderator=moderator)
        decide(report_make(kind="gone", camera=imported[6], lon=imported[6].location.x, lat=imported[6].location.y))
    with on(DAYS[3]):
        for camera in imported[10:14]:  # sightings: verified from today
            decide(report_make(kind="confirm", camera=camera, lon=camera.location.x, lat=camera.location.y))
        decide(report_make(directions=[180], operator_type="city", **near(rng)))
    with on(DAYS[4]):
        decide(report_make(kind="gone", camera=crowd[2], lon=crowd[2].location.x, lat=crowd[2].location.y))
    return {"imported": imported, "crowd": crowd}


def cells_rows() -> dict[str, list]:
    """The rows that hold something (a row emptied by a change stays, adding nothing), each key once."""
    columns = ", ".join(("level", "cx", "cy", *tile_cells.ATTRIBUTES, "n", "sx", "sy", "sid"))
    rows = {}
    with connection.cursor() as cursor:
        for name, key, table in (("months", "month", "timeline_monthcell"), ("days", "day", "timeline_daycell")):
            cursor.execute(f"SELECT {key}, {columns} FROM {table} WHERE NOT (n = 0 AND sx = 0 AND sy = 0 AND sid = 0)"
                           f" ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10")
            rows[name] = cursor.fetchall()
            keys = [row[:10] for row in rows[name]]
            assert len(keys) == len(set(keys)), name  # no key twice: each change went onto its row
    return rows


def live(tile: Tile, day: date, filters: dict) -> list[dict]:
    queryset = cameras_as_of(day)
    for name, values in filters.items():
        queryset = (queryset.filter(verified_on__isnull=(values == "false")) if name == "verified"
                    else queryset.filter(**{f"{name}__in": values}))
    return decode(camera_tile(tile, queryset))


def same_features(mine: list[dict], theirs: list[dict]) -> bool:
    """The same groups with the same properties, each at most a pixel apart (rounding of the mean)."""
    theirs = list(theirs)
    for feature in mine:
        twin = next((f for f in theirs if f["properties"] == feature["properties"]
                     and f["geometry"]["coordinates"] == pytest.approx(feature["geometry"]["coordinates"], abs=1)), None)
        if twin is None:
            return False
        theirs.remove(twin)
    return not theirs


def test_the_cells_kept_change_by_change_are_those_built_from_scratch(history):
    with on(DAYS[-1]):
        kept = cells_rows()
        assert kept["months"] and kept["days"]
        assert tile_cells.cells_build()
        assert cells_rows() == kept


def test_far_tiles_as_of_each_day_are_the_versions_of_that_day_grouped_live(history):
    days = [*DAYS, date(2026, 1, 21), date(2026, 1, 31), date(2026, 2, 1), date(2026, 2, 12)]
    with on(DAYS[-1]):
        for day in days:
            for z in range(0, tile_cells.MAX_ZOOM + 1):
                x, y = tile_of(z, *CENTRE)
                for filters in FILTERS:
                    mine = decode(tile_cells.tile_as_of(Tile(z, x, y), day, filters))
                    assert same_features(mine, live(Tile(z, x, y), day, filters)), (day, z, filters)


def test_the_tile_view_reads_the_cells_as_of_a_day_and_groups_live_otherwise(client, history):
    with on(DAYS[-1]):
        z = 11
        x, y = tile_of(z, *CENTRE)

        def served(query):
            cache.clear()
            with CaptureQueriesContext(connection) as context:
                response = client.get(f"/api/v1/tiles/{z}/{x}/{y}.mvt", query)
            assert response.status_code == 200, response.content
            from_cells = any("timeline_daycell" in q["sql"] for q in context.captured_queries)
            return decode(response.content), from_cells

        features, from_cells = served({"as_of": DAYS[2].isoformat(), "operator_type": "police"})
        assert from_cells and sum(f["properties"]["count"] for f in features) == 5 + 6 - 1  # one merged away
        features, from_cells = served({"as_of": DAYS[2].isoformat(), "added_since": "2026-01-01"})
        assert not from_cells  # a filter the cells do not keep: grouped live
        _, from_cells = served({})
        assert not from_cells  # today's tiles: today's cells or live, never these
        x, y = tile_of(16, *CENTRE)
        response = client.get(f"/api/v1/tiles/16/{x}/{y}.mvt", {"as_of": DAYS[2].isoformat()})
        assert response.status_code == 200


def test_a_large_refresh_drops_the_cells_and_the_sweep_builds_them_again(history, settings):
    with on(DAYS[-1]):
        kept = cells_rows()
        with mock.patch.object(tile_cells, "CELLS_FOLLOW_MAX", 3):  # 5 of 47 cameras: more than one in 10
            camera_states_refresh([camera.id for camera in history["imported"][:5]])
        assert not tile_cells.cells_built()
        assert tile_cells.tile_as_of(Tile(10, *tile_of(10, *CENTRE)), DAYS[2]) is None  # grouped live meanwhile
        assert tile_cells.cells_ensure() == "built"
        assert cells_rows() == kept
        assert tile_cells.cells_ensure() == ""


def test_a_new_month_gets_its_snapshot_and_until_then_the_last_one_serves(history):
    with on(DAYS[-1] + timedelta(days=20)):  # 9 March: March not built yet
        tile = Tile(10, *tile_of(10, *CENTRE))
        day = DAYS[-1] + timedelta(days=20)
        before = decode(tile_cells.tile_as_of(tile, day))
        assert same_features(before, live(tile, day, {}))
        assert tile_cells.cells_ensure() == "months"
        assert date(2026, 3, 1) in set(CellsMonth.objects.values_list("month", flat=True))
        assert same_features(decode(tile_cells.tile_as_of(tile, day)), before)
