"""Decisions only on checked reports: a report is approved, attached or merged only once its
photos are settled and its pre-checks have run (409 ``checks_pending`` before, through the API
and the page); rejecting is possible at any time; a report whose checks failed can be decided."""

import pytest

from cameramap.cameras.models import Camera, Report
from cameramap.moderation.services import prechecks_mark_failed, report_precheck
from tests.factories import camera_make, report_make
from tests.moderation.conftest import photo_make  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(moderator_api):
    return moderator_api


def arrived(photo_make, *, state="pending"):
    """A report as it is right after it arrives: its photo processing, no pre-checks yet."""
    report = report_make(prechecks={})
    photo_make(report, state=state)
    return report


def test_approving_before_the_checks_is_a_409_and_creates_no_camera(api, photo_make):
    report = arrived(photo_make)

    response = api.post(f"/api/v1/moderation/reports/{report.pk}/approve")

    assert response.status_code == 409
    assert response.json()["code"] == "checks_pending"
    assert "still being checked" in response.json()["detail"]
    assert Camera.objects.count() == 0 and Report.objects.get(pk=report.pk).status == "pending"


def test_settled_photos_without_pre_checks_still_wait(api, photo_make):
    report = arrived(photo_make, state="done")
    camera = camera_make()

    for action, data in (("approve", {}), ("merge", {"camera": camera.pk})):
        response = api.post(f"/api/v1/moderation/reports/{report.pk}/{action}", data, format="json")
        assert response.status_code == 409 and response.json()["code"] == "checks_pending", action


def test_once_checked_the_report_is_approved(api, photo_make):
    report = arrived(photo_make, state="done")
    report_precheck(report_id=report.pk)

    response = api.post(f"/api/v1/moderation/reports/{report.pk}/approve")

    assert response.status_code == 200
    assert response.json()["camera"] == Camera.objects.get().pk


def test_rejecting_is_possible_while_the_checks_run(api, photo_make):
    report = arrived(photo_make)

    response = api.post(f"/api/v1/moderation/reports/{report.pk}/reject", {"reason": "not_a_camera"}, format="json")

    assert response.status_code == 200
    assert Report.objects.get(pk=report.pk).status == "rejected"


def test_a_report_whose_checks_failed_can_be_decided(api, photo_make):
    report = arrived(photo_make, state="failed")
    prechecks_mark_failed(report_id=report.pk, error="OperationalError: the database went away")

    response = api.post(f"/api/v1/moderation/reports/{report.pk}/approve")

    assert response.status_code == 200


def test_the_page_says_still_being_checked_and_holds_the_buttons(client, moderator, photo_make):
    report = arrived(photo_make)
    client.force_login(moderator)

    body = client.get(f"/moderate/reports/{report.pk}/").content.decode()

    assert 'id="checks-pending"' in body and "Still being checked" in body
    approve = body[body.index('id="approve-form"'):body.index("</form>", body.index('id="approve-form"'))]
    assert "disabled data-waits-for-checks" in approve
    reject = body[body.index('id="reject-form"'):body.index("</form>", body.index('id="reject-form"'))]
    assert "disabled" not in reject

    response = client.post(f"/moderate/reports/{report.pk}/approve", follow=True)
    assert "still being checked" in response.content.decode()
    assert Camera.objects.count() == 0

    Report.objects.filter(pk=report.pk).update(prechecks={})
    report.photos.update(state="done")
    report_precheck(report_id=report.pk)
    body = client.get(f"/moderate/reports/{report.pk}/").content.decode()
    assert 'id="checks-pending"' not in body and "data-waits-for-checks" not in body
