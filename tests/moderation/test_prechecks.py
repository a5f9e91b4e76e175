"""Pre-checks stored on the report, and the automatic rules for trusted volunteers."""

from datetime import timedelta

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.test import override_settings
from django.utils import timezone

from cameramap.cameras.models import Area, Camera, Report
from cameramap.moderation import tasks
from cameramap.cameras.history import Action, ModerationEvent
from cameramap.moderation.services import report_precheck, review_lock_take
from tests.factories import camera_make, report_make

from .test_dedup_scoring import moved

pytestmark = pytest.mark.django_db
LON, LAT = 20.4573, 44.8176


def checked(report) -> Report:
    outcome = report_precheck(report_id=report.pk)
    report = Report.objects.get(pk=report.pk)
    report.outcome = outcome
    return report


def test_prechecks_are_stored_on_the_report(photo_make):
    camera = camera_make(directions=[90])
    report = report_make(lon=LON, lat=LAT, directions=[90], accuracy_m=5)
    photo_make(report, exif=Point(*moved(LON, LAT, 30, 180), srid=4326), heading=270.0)
    photo_make(report, state="failed")

    report = checked(report)

    p = report.prechecks
    assert report.outcome == "checked" and report.status == "pending"
    assert p["photos"] == {"total": 2, "done": 1, "failed": 1, "pending": 0, "usable": True}
    assert p["service_area"] == {"configured": False, "inside": None, "areas": []}
    assert p["photo_gps"]["max_distance_m"] == pytest.approx(30, abs=0.2)
    assert p["photo_gps"]["photos"][0]["heading"] == 270.0
    assert p["rate"] == {"contributor_last_hour": None, "area_last_hour": 1}
    assert p["duplicates"]["candidates"][0]["camera"] == camera.pk
    assert p["duplicates"]["candidates"][0]["score"] > 0.5
    assert p["suggestion"] == {"action": "attach", "camera": camera.pk, "score": p["duplicates"]["candidates"][0]["score"]}
    assert p["flags"] == ["photos_failed"] and p["flagged"] is True
    assert p["errors"] == {}


def test_service_area_and_photo_location_are_flagged():
    box = Polygon.from_bbox((20.3, 44.7, 20.6, 44.9))
    Area.objects.create(name="Beograd", slug="beograd", boundary=MultiPolygon(box, srid=4326), is_service_area=True)
    inside = report_make(lon=LON, lat=LAT)
    outside = report_make(lon=21.9, lat=43.3)  # Niš

    assert checked(inside).prechecks["service_area"] == {"configured": True, "inside": True, "areas": ["Beograd"]}
    p = checked(outside).prechecks
    assert p["service_area"]["inside"] is False
    assert "outside_service_area" in p["flags"] and "no_photos" in p["flags"]


def test_a_photo_taken_far_from_the_pin_is_flagged(photo_make):
    report = report_make(lon=LON, lat=LAT)
    photo_make(report, exif=Point(*moved(LON, LAT, 450, 0), srid=4326))
    p = checked(report).prechecks
    assert "photo_far_from_pin" in p["flags"]
    assert p["photo_gps"]["max_distance_m"] == pytest.approx(450, abs=1)


@override_settings(PRECHECK_RATE_CONTRIBUTOR_PER_HOUR=3, PRECHECK_RATE_AREA_PER_HOUR=4)
def test_a_burst_of_reports_is_flagged(volunteer):
    reports = [report_make(lon=LON + i * 1e-4, lat=LAT, contributor=volunteer) for i in range(5)]
    p = checked(reports[-1]).prechecks
    assert p["rate"] == {"contributor_last_hour": 5, "area_last_hour": 5}
    assert {"rate_contributor", "rate_area"} <= set(p["flags"])
    assert "rate_contributor" not in checked(reports[1]).prechecks["flags"]


def test_a_confirmation_far_from_its_camera_is_flagged():
    camera = camera_make()
    report = report_make(kind="confirm", camera=camera, **dict(zip(("lon", "lat"), moved(LON, LAT, 300, 90))))
    p = checked(report).prechecks
    assert p["duplicates"]["camera"] == {"camera": camera.pk, "distance_m": pytest.approx(300, abs=1)}
    assert "far_from_camera" in p["flags"]


def test_a_trusted_volunteers_new_camera_is_approved_when_nothing_is_in_doubt(trusted, photo_make):
    report = report_make(lon=LON, lat=LAT, contributor=trusted, directions=[45])
    photo_make(report)

    report = checked(report)

    assert report.outcome == "approved" and report.status == "approved"
    camera = report.camera
    assert camera.published and camera.directions == [45]
    event = ModerationEvent.objects.get(report=report, action=Action.APPROVE)
    assert event.moderator is None and event.data == {"auto": True}
    assert report.prechecks["auto"] == "approved"


def test_a_trusted_volunteers_sighting_of_a_known_camera_is_attached(trusted, photo_make):
    camera = camera_make(directions=[45])
    report = report_make(**dict(zip(("lon", "lat"), moved(LON, LAT, 4, 0))), contributor=trusted, directions=[40], accuracy_m=5)
    photo_make(report)

    report = checked(report)

    assert report.outcome == "attached" and (report.status, report.camera_id) == ("merged", camera.pk)
    assert Camera.objects.get(pk=camera.pk).confirmations == 2
    assert ModerationEvent.objects.get(report=report, action=Action.ATTACH).data["score"] > 0.5


@override_settings(DEDUP_AUTO_ATTACH=False)
def test_without_auto_attach_the_match_is_only_preselected(trusted, photo_make):
    camera = camera_make(directions=[45])
    report = report_make(lon=LON, lat=LAT, contributor=trusted, directions=[40])
    photo_make(report)
    report = checked(report)
    assert report.status == "pending"
    assert report.prechecks["suggestion"]["action"] == "attach" and report.prechecks["suggestion"]["camera"] == camera.pk


def test_an_ordinary_volunteers_report_waits_for_a_moderator(volunteer, photo_make):
    report = report_make(lon=LON, lat=LAT, contributor=volunteer)
    photo_make(report)
    report = checked(report)
    assert report.status == "pending" and report.prechecks["suggestion"]["action"] == "new"
    assert Camera.objects.count() == 0


def test_a_doubtful_trusted_report_waits_for_a_moderator(trusted, photo_make):
    twins = [camera_make(**dict(zip(("lon", "lat"), moved(LON, LAT, 3, b))), directions=[0]) for b in (90, 270)]
    report = report_make(lon=LON, lat=LAT, contributor=trusted, directions=[0])
    photo_make(report)
    report = checked(report)
    assert report.status == "pending"
    assert report.prechecks["suggestion"]["action"] == "review"
    assert {c["camera"] for c in report.prechecks["duplicates"]["candidates"]} == {c.pk for c in twins}


def test_a_flagged_trusted_report_waits_for_a_moderator(trusted, photo_make):
    report = report_make(lon=LON, lat=LAT, contributor=trusted)
    photo_make(report, state="failed")
    report = checked(report)
    assert report.status == "pending" and report.prechecks["flags"] == ["photos_failed"]


def test_no_automatic_decision_on_a_report_a_moderator_has_open(trusted, moderator, photo_make):
    report = report_make(lon=LON, lat=LAT, contributor=trusted)
    photo_make(report)
    review_lock_take(report=report, moderator=moderator)
    assert checked(report).status == "pending"


def test_the_task_is_idempotent(trusted, photo_make):
    report = report_make(lon=LON, lat=LAT, contributor=trusted)
    photo_make(report)

    assert tasks.report_precheck(report.pk) == "approved"
    assert tasks.report_precheck(report.pk) == "decided"
    assert tasks.report_precheck(10**9) == "missing"
    assert Camera.objects.count() == 1
    assert ModerationEvent.objects.filter(report=report, action=Action.APPROVE).count() == 1


def test_a_failing_check_still_lets_the_report_reach_the_queue_flagged(monkeypatch, photo_make):
    from cameramap.moderation.services import prechecks

    def broken(report):
        raise RuntimeError("service area table unreachable")

    monkeypatch.setattr(prechecks, "CHECKS", [(n, broken if n == "service_area" else f) for n, f in prechecks.CHECKS])
    report = report_make(lon=LON, lat=LAT)
    photo_make(report)

    report = checked(report)

    assert report.status == "pending"
    assert report.prechecks["errors"] == {"service_area": "RuntimeError: service area table unreachable"}
    assert report.prechecks["flags"] == ["check_failed"]
    assert report.prechecks["photos"]["usable"] is True  # the other checks ran


def test_a_task_that_gives_up_flags_the_report():
    report = report_make()
    tasks.report_precheck.on_failure(RuntimeError("boom"), "task-id", [report.pk], {}, None)
    p = Report.objects.get(pk=report.pk).prechecks
    assert p["flags"] == ["check_failed"] and p["errors"]["task"] == "RuntimeError: boom"
    assert p["flagged"] is True


def test_the_sweep_prechecks_reports_the_pipeline_lost(monkeypatch):
    sent = []
    monkeypatch.setattr(tasks.report_precheck, "delay", lambda report_id: sent.append(report_id))
    lost = report_make(prechecks={})
    Report.objects.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(hours=1))
    report_make(prechecks={})  # fresh: the pipeline may still be on it
    done = report_make(prechecks={})
    Report.objects.filter(pk=done.pk).update(created_at=timezone.now() - timedelta(hours=1))
    report_precheck(report_id=done.pk)

    assert tasks.reports_precheck_sweep() == 1
    assert sent == [lost.pk]
