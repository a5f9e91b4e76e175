"""Duplicate candidates from the database: index-backed envelope, then exact metres."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cameramap.cameras.models import Camera
from cameramap.moderation.selectors import dedup_candidates
from tests.factories import camera_make, report_make

from .test_dedup_scoring import moved

pytestmark = pytest.mark.django_db
LON, LAT = 20.4573, 44.8176


def at(metres, bearing):
    lon, lat = moved(LON, LAT, metres, bearing)
    return {"lon": lon, "lat": lat}


def test_candidates_are_published_cameras_within_the_radius_best_first(photo_make):
    near = camera_make(**at(5, 90), directions=[90])
    farther = camera_make(**at(20, 270), directions=[90])
    camera_make(**at(26, 0))  # outside 25 m
    camera_make(**at(3, 0), published=False)
    camera_make(**at(3, 180), status="removed")
    camera_make(**at(2, 45), merged_into=near, published=False)
    report = report_make(lon=LON, lat=LAT, directions=[95], accuracy_m=6)

    candidates = dedup_candidates(report)

    assert [c.camera for c in candidates] == [near.pk, farther.pk]
    assert candidates[0].distance_m == pytest.approx(5, abs=0.1)
    assert candidates[0].score > candidates[1].score
    assert candidates[0].as_dict()["direction"] == "agree"


def test_candidate_lookup_is_one_query_through_the_spatial_index(moderator, photo_make):
    for i in range(5):
        camera_make(**at(3 + i, 40 * i))
    report = report_make(lon=LON, lat=LAT)
    photo_make(report)
    report = type(report).objects.prefetch_related("photos").get(pk=report.pk)

    with CaptureQueriesContext(connection) as queries:
        candidates = dedup_candidates(report)

    assert len(candidates) == 5
    assert len(queries) == 1  # no camera near has photos: no second query for their hashes
    envelope_sql = queries[0]["sql"]
    if connection.vendor == "postgresql":
        assert "&&" in envelope_sql  # the GiST bounding-box operator
    else:
        assert "idx_cameras_camera_location" in envelope_sql  # SpatiaLite's R*Tree

    from cameramap.moderation.services import report_attach

    sighting = report_make(**at(4, 0))
    photo_make(sighting)
    report_attach(report=sighting, camera=Camera.objects.get(pk=candidates[0].camera), moderator=moderator)
    with CaptureQueriesContext(connection) as queries:
        again = dedup_candidates(report)
    assert len(queries) == 2  # the hashes of the one camera that has photos
    assert again[0].evidence["photo_distance"] == 0


def test_photo_similarity_comes_from_the_cameras_sightings(moderator, photo_make):
    from cameramap.moderation.services import report_approve

    first = report_make(**at(10, 0))
    photo_make(first, phash="ffff0000ffff0000")
    camera = report_approve(report=first, moderator=moderator)
    again = report_make(lon=LON, lat=LAT)
    photo_make(again, phash="ffff0000ffff0003")

    [candidate] = dedup_candidates(again)

    assert candidate.camera == camera.pk
    assert candidate.evidence["photo_distance"] == 2


def test_candidates_near_the_antimeridian_and_far_north():
    camera = camera_make(lon=179.99995, lat=65.0)
    report = report_make(lon=179.9999, lat=65.00001)
    assert [c.camera for c in dedup_candidates(report)] == [camera.pk]
