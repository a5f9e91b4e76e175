"""Decisions on reports: the one place a report's status changes, each one audited."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cameramap.cameras.models import Camera, Report
from cameramap.moderation.errors import Conflict
from cameramap.cameras.history import Action, ModerationEvent
from cameramap.moderation.models import ReviewLock
from cameramap.moderation.services import (
    report_approve,
    report_attach,
    report_reject,
    review_lock_take,
)
from tests.factories import camera_make, report_make

pytestmark = pytest.mark.django_db


def test_approving_a_new_camera_report_publishes_a_camera_with_what_the_volunteer_saw(moderator):
    report = report_make(lon=20.46, lat=44.81, directions=[135], mount="pole", operator="Grad Beograd", operator_type="city",
                         surveillance_type="camera", camera_type="dome", sign_present="no")

    camera = report_approve(report=report, moderator=moderator)

    camera.refresh_from_db()
    report.refresh_from_db()
    assert (camera.location.x, camera.location.y) == (20.46, 44.81)
    assert camera.published and camera.status == "present" and camera.source == "crowd"
    assert (camera.directions, camera.mount, camera.operator, camera.camera_type, camera.sign_present) == ([135], "pole", "Grad Beograd", "dome", "no")
    assert camera.confirmations == 1 and camera.first_seen == timezone.localdate(report.created_at)
    assert (report.status, report.camera_id) == ("approved", camera.pk)
    assert report.decided_at is not None
    event = ModerationEvent.objects.get(report=report)
    assert (event.action, event.camera_id, event.moderator_id) == (Action.APPROVE, camera.pk, moderator.pk)


def test_attaching_a_report_counts_a_sighting_of_the_camera(moderator):
    camera = camera_make(confirmations=2, first_seen=date(2025, 5, 1), last_confirmed=date(2025, 6, 1))
    report = report_make()

    joined = report_attach(report=report, camera=camera, moderator=moderator)

    camera.refresh_from_db()
    report.refresh_from_db()
    assert joined.pk == camera.pk
    assert camera.confirmations == 3
    assert camera.last_confirmed == timezone.localdate(report.created_at)
    assert camera.first_seen == date(2025, 5, 1)
    assert (report.status, report.camera_id) == ("merged", camera.pk)
    event = ModerationEvent.objects.get(report=report, action=Action.ATTACH)
    assert event.data["changed"]["confirmations"] == [2, 3]


def test_attaching_to_a_merged_camera_lands_on_the_camera_it_redirects_to(moderator):
    target = camera_make()
    merged = camera_make(merged_into=target, published=False)
    report = report_make()

    joined = report_attach(report=report, camera=merged, moderator=moderator)

    assert joined.pk == target.pk
    assert Camera.objects.get(pk=target.pk).confirmations == 2


def test_rejecting_needs_a_reason_from_the_list(moderator):
    report = report_make()
    with pytest.raises(ValidationError) as missing:
        report_reject(report=report, moderator=moderator, reason="", text="looks odd")
    assert "reason" in missing.value.message_dict
    with pytest.raises(ValidationError) as other:
        report_reject(report=report, moderator=moderator, reason="other", text="  ")
    assert "text" in other.value.message_dict
    assert Report.objects.get(pk=report.pk).status == "pending"
    assert not ModerationEvent.objects.filter(report=report).exists()

    report_reject(report=report, moderator=moderator, reason="not_a_camera", text="It is a motion-sensor lamp.")

    report.refresh_from_db()
    assert report.status == "rejected"
    event = ModerationEvent.objects.get(report=report)
    assert event.action == Action.REJECT
    assert event.reason == "It is a motion-sensor lamp."  # the moderator's words; the reason is a code
    assert event.data == {"reason": "not_a_camera"}


def test_a_decided_report_cannot_be_decided_again(moderator):
    report = report_make()
    report_reject(report=report, moderator=moderator, reason="abuse")
    with pytest.raises(Conflict) as error:
        report_approve(report=report, moderator=moderator)
    assert error.value.code == "decided"
    assert Camera.objects.count() == 0


def test_a_report_another_moderator_has_open_cannot_be_decided_by_someone_else(moderator, other_moderator):
    report = report_make()
    review_lock_take(report=report, moderator=other_moderator)

    with pytest.raises(Conflict) as error:
        report_approve(report=report, moderator=moderator)
    assert error.value.code == "locked" and "mod2" in error.value.message

    camera = report_approve(report=report, moderator=other_moderator)
    assert camera.published
    assert not ReviewLock.objects.filter(report=report).exists()  # the decision released it


def test_a_lock_past_its_expiry_is_free(moderator, other_moderator):
    report = report_make()
    lock = review_lock_take(report=report, moderator=other_moderator)
    type(lock).objects.filter(pk=lock.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    review_lock_take(report=report, moderator=moderator)
    camera = report_approve(report=report, moderator=moderator)

    assert camera.published
    assert list(ModerationEvent.objects.filter(report=report).values_list("action", "moderator__username")) == [
        (Action.LOCK, "mod2"), (Action.LOCK, "mod"), (Action.APPROVE, "mod"),
    ]


def test_approving_a_confirmation_adds_a_sighting_to_the_named_camera(moderator):
    camera = camera_make(confirmations=1)
    report = report_make(kind="confirm", camera=camera)

    joined = report_approve(report=report, moderator=moderator)

    assert joined.pk == camera.pk
    assert Camera.objects.get(pk=camera.pk).confirmations == 2
    assert Report.objects.get(pk=report.pk).status == "approved"


def test_approving_gone_marks_the_camera_removed_and_keeps_it_with_its_history(moderator):
    camera = camera_make()
    report = report_make(kind="gone", camera=camera, notes="Only the bracket is left.")

    report_approve(report=report, moderator=moderator)

    camera.refresh_from_db()
    assert camera.status == "removed" and camera.published
    event = ModerationEvent.objects.get(report=report)
    assert event.action == Action.REMOVE
    assert event.data == {"old": {"status": "present"}, "new": {"status": "removed"}}


def test_approving_a_correction_updates_the_camera_and_keeps_the_old_values(moderator):
    camera = camera_make(directions=[90], operator="", operator_type="unknown", mount="wall", surveillance_type="ALPR")
    report = report_make(kind="correct", camera=camera, directions=[100], operator="Ministry of Interior",
                         operator_type="police", mount="", surveillance_type="camera")

    report_approve(report=report, moderator=moderator)

    camera.refresh_from_db()
    assert camera.directions == [100]
    assert (camera.operator, camera.operator_type) == ("Ministry of Interior", "police")
    assert camera.mount == "wall"  # the volunteer did not say: kept
    assert camera.surveillance_type == "ALPR"  # the form's default is not a correction
    event = ModerationEvent.objects.get(report=report)
    assert event.action == Action.CORRECT
    assert event.data["old"] == {"directions": [90], "operator": "", "operator_type": "unknown"}
    assert event.data["new"] == {"directions": [100], "operator": "Ministry of Interior", "operator_type": "police"}


def test_a_correction_applies_only_the_fields_the_moderator_chose(moderator):
    camera = camera_make(directions=[90], operator="")
    report = report_make(kind="correct", camera=camera, directions=[100], operator="Police", lon=20.4574)

    report_approve(report=report, moderator=moderator, fields=["operator", "location"])

    camera.refresh_from_db()
    assert camera.operator == "Police" and camera.directions == [90]
    assert camera.location.x == pytest.approx(20.4574)
    with pytest.raises(ValidationError) as error:
        report_approve(report=report_make(kind="correct", camera=camera, operator="Police"), moderator=moderator, fields=["height"])
    assert "fields" in error.value.message_dict


def test_seeing_a_removed_camera_again_makes_it_present(moderator):
    camera = camera_make(status="removed")
    report = report_make(kind="confirm", camera=camera)

    report_approve(report=report, moderator=moderator)

    assert Camera.objects.get(pk=camera.pk).status == "present"
    assert ModerationEvent.objects.get(report=report).data["changed"]["status"] == ["removed", "present"]


def test_only_new_and_confirm_reports_are_attached(moderator):
    camera = camera_make()
    report = report_make(kind="gone", camera=camera)
    with pytest.raises(ValidationError) as error:
        report_attach(report=report, camera=camera_make(lon=20.46), moderator=moderator)
    assert "camera" in error.value.message_dict
