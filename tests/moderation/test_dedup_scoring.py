"""The dedup score on its own: pure functions, no database."""

import math

import pytest

from cameramap.moderation import dedup
from cameramap.moderation.dedup import Facts

HIGH, LOW, RADIUS = 0.5, 0.3, 25.0
LON, LAT = 20.4573, 44.8176  # Belgrade


def moved(lon, lat, metres, bearing):
    """A point ``metres`` away on ``bearing`` (small distances)."""
    dy = metres * math.cos(math.radians(bearing)) / 111_320
    dx = metres * math.sin(math.radians(bearing)) / (111_320 * math.cos(math.radians(lat)))
    return lon + dx, lat + dy


def report_at(metres=0.0, bearing=0.0, **facts):
    lon, lat = moved(LON, LAT, metres, bearing)
    return Facts(lon=lon, lat=lat, **{"accuracy_m": 8.0, **facts})


def camera(id, metres=0.0, bearing=0.0, **facts):
    lon, lat = moved(LON, LAT, metres, bearing)
    return Facts(lon=lon, lat=lat, id=id, **facts)


def decide(report, cameras):
    ranked = dedup.candidates_rank(report, cameras, RADIUS)
    return ranked, dedup.decide(ranked, high=HIGH, low=LOW)


def test_a_sighting_next_to_a_camera_facing_the_same_way_is_attached():
    ranked, suggestion = decide(report_at(6, 30, directions=(92,)), [camera(1, directions=(90,))])
    assert suggestion.action == "attach" and suggestion.camera == 1
    assert ranked[0].score >= 0.8
    assert ranked[0].evidence["direction"] == "agree"


def test_no_camera_nearby_means_a_new_camera():
    ranked, suggestion = decide(report_at(), [])
    assert ranked == [] and suggestion.action == "new"


def test_two_cameras_on_one_pole_facing_opposite_ways_stay_two():
    pole = [camera(1, directions=(90,)), camera(2, 0.3, 0, directions=(270,))]

    _ranked, east = decide(report_at(4, 200, directions=(85,)), pole)
    _ranked, west = decide(report_at(4, 200, directions=(275,)), pole)
    assert (east.action, east.camera) == ("attach", 1)
    assert (west.action, west.camera) == ("attach", 2)

    # A precise report right at a pole whose only camera faces the other way is a new camera.
    ranked, suggestion = decide(report_at(0.5, 10, accuracy_m=3, directions=(270,)), [camera(1, directions=(90,))])
    assert ranked[0].evidence["direction"] == "disagree"
    assert suggestion.action == "new"


def test_any_pair_of_directions_within_45_degrees_agrees():
    assert dedup.directions_agree((90, 270), (310,)) is True  # 40 degrees from 270
    assert dedup.directions_agree((90, 270), (330,)) is False  # 60 from 270, 120 from 90
    assert dedup.directions_agree((), (90,)) is None
    assert dedup.directions_agree((355,), (20,)) is True  # across north


def test_unknown_direction_neither_helps_nor_hurts():
    base, _d, _e = dedup.likelihood(report_at(8, 0), camera(1), RADIUS)
    report_unknown, _d, evidence = dedup.likelihood(report_at(8, 0), camera(1, directions=(90,)), RADIUS)
    camera_unknown, _d, _e = dedup.likelihood(report_at(8, 0, directions=(90,)), camera(1), RADIUS)
    agreeing, _d, _e = dedup.likelihood(report_at(8, 0, directions=(90,)), camera(1, directions=(90,)), RADIUS)
    disagreeing, _d, _e = dedup.likelihood(report_at(8, 0, directions=(180,)), camera(1, directions=(90,)), RADIUS)
    assert evidence["direction"] == "unknown"
    assert report_unknown == pytest.approx(base) and camera_unknown == pytest.approx(base)
    assert disagreeing < base < agreeing


def test_distance_is_weighed_by_the_reports_gps_accuracy():
    cameras = [camera(1)]
    precise_near = decide(report_at(1, 0, accuracy_m=3), cameras)[0][0].score
    vague_near = decide(report_at(1, 0, accuracy_m=15), cameras)[0][0].score
    precise_far = decide(report_at(14, 0, accuracy_m=3), cameras)
    vague_far = decide(report_at(14, 0, accuracy_m=15), cameras)
    assert precise_near > vague_near
    # 14 m off is impossible for a ±3 m fix (a new camera) but ordinary for a ±15 m one.
    assert precise_far[1].action == "new"
    assert vague_far[0][0].score > precise_far[0][0].score


def test_type_and_mount_agreement_count():
    same = decide(report_at(10, 0, mount="pole", camera_type="dome"), [camera(1, mount="pole", camera_type="dome")])[0][0]
    unknown = decide(report_at(10, 0), [camera(1, mount="pole", camera_type="dome")])[0][0]
    different = decide(report_at(10, 0, mount="wall", camera_type="fixed"), [camera(1, mount="pole", camera_type="dome")])[0][0]
    assert same.score > unknown.score > different.score
    assert (same.evidence["mount"], unknown.evidence["mount"], different.evidence["mount"]) == ("agree", "unknown", "disagree")


def test_a_similar_photo_raises_the_score_and_a_different_one_lowers_it():
    cam = camera(1, phashes=("ffff0000ffff0000",))
    similar = decide(report_at(12, 0, phashes=("ffff0000ffff0001",)), [cam])[0][0]
    none = decide(report_at(12, 0), [cam])[0][0]
    different = decide(report_at(12, 0, phashes=("0000ffff0000ffff",)), [cam])[0][0]
    assert similar.evidence["photo_distance"] == 1 and different.evidence["photo_distance"] == 64
    assert similar.score > none.score > different.score


def test_two_indistinguishable_candidates_go_to_the_moderator():
    twins = [camera(1, 2, 0, directions=(180,)), camera(2, 2, 180, directions=(180,))]
    ranked, suggestion = decide(report_at(0, 0, directions=(180,)), twins)
    assert suggestion.action == "review"
    assert ranked[0].score == pytest.approx(ranked[1].score, abs=0.01)
    assert sum(c.score for c in ranked) < 1


def test_cameras_outside_the_radius_are_not_candidates():
    ranked, suggestion = decide(report_at(), [camera(1, 30, 0), camera(2, 24, 0)])
    assert [c.camera for c in ranked] == [2]
    assert ranked[0].distance_m == pytest.approx(24, abs=0.1)
