"""Matching entries one-to-one with cameras: the assignment that maximises the total score (not
nearest-first), deterministic, keeping moderators' decisions, and re-run around cameras that
change."""

import random

import pytest
from django.contrib.gis.geos import Point

from cameramap.official.candidates import CameraPoint, Grid
from cameramap.official.matching import EntryPoint, assign, match
from cameramap.official.models import OfficialEntry, OfficialList
from cameramap.official.services import list_match, neighbourhood_match
from tests.factories import camera_make

pytestmark = pytest.mark.django_db

LAT = 44.8176
M_LON = 1 / (111_320 * 0.7103)  # degrees of longitude per metre at this latitude (cos 44.8176° ≈ 0.7103)


def east(metres: float) -> float:
    return 20.4573 + metres * M_LON


def official_list_make(points, **fields) -> OfficialList:
    official_list = OfficialList.objects.create(name="L", publisher="P", published="2021-03-20", file_name="l.csv",
                                                file_sha256=f"{random.getrandbits(256):064x}")
    for i, (lon, lat) in enumerate(points, start=1):
        OfficialEntry.objects.create(official_list=official_list, row=i, ref=str(i), location=Point(lon, lat, srid=4326),
                                     located_by="coordinates", precision_m=0, **fields)
    return official_list


def statuses(official_list):
    return {e.ref: (e.status, e.camera_id) for e in official_list.entries.all()}


def test_the_assignment_beats_nearest_first():
    # Entry 1 is 1 m from camera X and 10 m from Y; entry 2 is 24 m from X and 35 m from Y (out
    # of reach). Nearest-first gives X to entry 1 and leaves entry 2 with nothing; the assignment
    # gives Y to entry 1 and X to entry 2: both are found.
    grid = Grid([CameraPoint(100, east(1), LAT, "camera", "[]", True), CameraPoint(200, east(-10), LAT, "camera", "[]", True)], 0.001)
    entries = [EntryPoint(1, east(0), LAT, 30.0), EntryPoint(2, east(25), LAT, 30.0)]
    pairs = match(entries, grid)
    assert {e: p.camera for e, p in pairs.items()} == {1: 200, 2: 100}
    nearest_first = {}
    for distance, entry, camera in sorted((m, e.id, c.id) for e in entries for c, m in grid.near(e.lon, e.lat, e.reach_m)):
        if entry not in nearest_first and camera not in nearest_first.values():
            nearest_first[entry] = camera
    assert nearest_first == {1: 100}  # what greedy would have found: one of the two


def test_assign_is_exact_on_a_group_and_deterministic():
    edges = {(1, 10): 0.9, (1, 11): 0.8, (2, 10): 0.85, (3, 11): 0.3, (3, 12): 0.2}
    assert assign(edges) == {1: 11, 2: 10, 3: 12}
    shuffled = dict(random.Random(7).sample(list(edges.items()), len(edges)))
    assert assign(shuffled) == assign(edges)


def test_list_match_statuses_and_one_camera_per_entry():
    near = camera_make(lon=east(2), lat=LAT)
    camera_make(lon=east(500), lat=LAT)  # out of reach of everything
    probable = camera_make(lon=east(120 + 25), lat=LAT)
    official_list = official_list_make([(east(0), LAT), (east(1), LAT), (east(120), LAT), (east(300), LAT)])
    list_match(official_list)
    result = statuses(official_list)
    assert result["1"] == ("matched", near.id) or result["2"] == ("matched", near.id)
    assert {result["1"][0], result["2"][0]} == {"matched", "not_found"}  # one camera, one entry
    assert result["3"] == ("probable", probable.id)  # 25 m of 30: a pair, not a confident one
    assert result["4"] == ("not_found", None)


def test_removed_unpublished_and_merged_cameras_do_not_count():
    camera_make(lon=east(1), lat=LAT, status="removed")
    camera_make(lon=east(1), lat=LAT, published=False)
    survivor = camera_make(lon=east(200), lat=LAT)
    camera_make(lon=east(2), lat=LAT, merged_into=survivor)
    official_list = official_list_make([(east(0), LAT)])
    list_match(official_list)
    assert statuses(official_list) == {"1": ("not_found", None)}


def test_the_same_data_gives_the_same_result_whatever_the_order_rows_were_written_in():
    rng = random.Random(3)
    points = [(east(rng.uniform(0, 300)), LAT + rng.uniform(0, 0.002)) for _ in range(40)]
    for lon, lat in points:
        camera_make(lon=lon + rng.uniform(-1, 1) * 10 * M_LON, lat=lat)
    first = official_list_make(points)
    second = official_list_make(list(reversed(points)))
    list_match(first)
    list_match(second)
    by_place = lambda ol: {(round(e.location.x, 9), round(e.location.y, 9)): e.camera_id for e in ol.entries.all()}  # noqa: E731
    assert by_place(first) == by_place(second)
    list_match(first)
    assert by_place(first) == by_place(second)


def test_an_address_located_entry_reaches_as_far_as_its_precision():
    camera = camera_make(lon=east(40), lat=LAT)
    official_list = official_list_make([(east(0), LAT)])
    list_match(official_list)
    assert statuses(official_list)["1"] == ("not_found", None)
    official_list.entries.update(located_by="address", precision_m=20)
    list_match(official_list)
    assert statuses(official_list)["1"] == ("probable", camera.id)


def test_type_and_direction_count_where_both_sides_know_them():
    alpr = camera_make(lon=east(6), lat=LAT, surveillance_type="ALPR", directions=[90])
    plain = camera_make(lon=east(-5), lat=LAT, directions=[270])
    official_list = official_list_make([(east(0), LAT)], surveillance_type="ALPR", directions=[80])
    list_match(official_list)
    assert statuses(official_list)["1"] == ("matched", alpr.id)
    assert plain.id != alpr.id


def test_a_confirmed_pair_is_kept_and_a_rejected_one_never_comes_back():
    nearest = camera_make(lon=east(1), lat=LAT)
    other = camera_make(lon=east(8), lat=LAT)
    official_list = official_list_make([(east(0), LAT)])
    official_list.entries.update(rejected_cameras=[nearest.id])
    list_match(official_list)
    assert statuses(official_list)["1"] == ("matched", other.id)
    official_list.entries.update(rejected_cameras=[], camera=other, status="matched", confirmed=True)
    list_match(official_list)
    assert statuses(official_list)["1"] == ("matched", other.id)


def test_a_neighbourhood_rematch_gives_what_a_full_match_gives():
    rng = random.Random(11)
    points = [(east(rng.uniform(0, 400)), LAT + rng.uniform(0, 0.001)) for _ in range(30)]
    official_list = official_list_make(points)
    cameras = [camera_make(lon=lon + rng.uniform(-15, 15) * M_LON, lat=lat) for lon, lat in points[:20]]
    list_match(official_list)
    new = camera_make(lon=points[25][0], lat=points[25][1])
    moved = cameras[3]
    moved.location = Point(points[28][0], points[28][1], srid=4326)
    moved.save()
    neighbourhood_match(official_list, [new.id, moved.id])
    partial = statuses(official_list)
    list_match(official_list)
    assert statuses(official_list) == partial
    assert partial["26"] == ("matched", new.id)


def test_approving_a_camera_rematches_its_neighbourhood_after_commit(django_capture_on_commit_callbacks, monkeypatch):
    from cameramap.moderation.services.decisions import report_approve
    from cameramap.official import tasks
    from tests.factories import report_make

    official_list = official_list_make([(east(0), LAT)])
    list_match(official_list)
    sent = []
    monkeypatch.setattr(tasks.official_rematch_near, "delay", lambda ids: sent.append(ids) or tasks.official_rematch_near(ids))
    report = report_make(lon=east(3), lat=LAT)
    with django_capture_on_commit_callbacks(execute=True):
        camera = report_approve(report=report, moderator=None)
    assert sent == [[camera.id]]
    assert statuses(official_list)["1"] == ("matched", camera.id)


def test_a_broker_that_is_down_does_not_undo_the_decision(monkeypatch, django_capture_on_commit_callbacks):
    from kombu.exceptions import OperationalError

    from cameramap.moderation.services.decisions import report_approve
    from cameramap.official import tasks
    from tests.factories import report_make

    official_list_make([(east(0), LAT)])

    def down(ids):
        raise OperationalError("broker down")

    monkeypatch.setattr(tasks.official_rematch_near, "delay", down)
    with django_capture_on_commit_callbacks(execute=True):
        camera = report_approve(report=report_make(lon=east(3), lat=LAT), moderator=None)
    assert camera.pk and camera.published
