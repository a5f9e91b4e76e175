"""The audit trail shown to moderators: the camera-history include the camera page uses."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory

from cameramap.moderation.models import Action, ModerationEvent
from cameramap.moderation.services import camera_merge, report_approve, report_attach, report_reject
from tests.factories import camera_make, report_make

pytestmark = pytest.mark.django_db


def render_history(camera, user) -> str:
    request = RequestFactory().get("/cameras/1/")
    request.user = user
    return render_to_string("moderation/_camera_history.html", {"camera": camera}, request=request)


def test_the_history_include_shows_a_cameras_decisions_newest_first_to_moderators(moderator):
    camera = report_approve(report=report_make(directions=[90]), moderator=moderator)
    other = camera_make(lon=20.45733)
    report_attach(report=report_make(), camera=other, moderator=None)
    camera_merge(camera=other, into=camera, moderator=moderator)
    report_reject(report=report_make(kind="gone", camera=camera), moderator=moderator, reason="other", text="It is still there.")

    html = render_history(camera, moderator)

    assert "Moderation history" in html
    positions = [html.index(text) for text in (
        "rejected.",  # newest
        f"Camera {other.pk} merged into camera {camera.pk}; 1 sightings moved.",
        f"attached to camera {other.pk} as a sighting.",
        f"approved as new camera {camera.pk}.",  # oldest
    )]
    assert positions == sorted(positions)
    assert "Other (explain below): It is still there." in html
    assert "automatic" in html  # the system's own decision says so
    assert html.count('class="event event-') == 4


@pytest.mark.parametrize("who", ["anonymous", "volunteer"])
def test_the_history_include_shows_nothing_to_anyone_else(who, django_user_model):
    camera = camera_make()
    ModerationEvent.objects.create(camera=camera, action=Action.REMOVE, reason="secret note")
    user = AnonymousUser() if who == "anonymous" else django_user_model.objects.create_user("v", password="x-password-1")
    assert render_history(camera, user).strip() == ""


def test_a_correction_keeps_the_old_values_in_the_history(moderator):
    camera = camera_make(operator="Old operator")
    report_approve(report=report_make(kind="correct", camera=camera, operator="New operator"), moderator=moderator)
    html = render_history(camera, moderator)
    assert "operator: Old operator → New operator" in html


def test_the_audit_trail_refuses_changes_from_any_path(moderator):
    from django.db import connection, transaction

    camera = report_approve(report=report_make(), moderator=moderator)
    event = ModerationEvent.objects.get(camera=camera)
    with pytest.raises(TypeError):
        ModerationEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(Exception), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE moderation_moderationevent SET reason = 'rewritten' WHERE id = %s", [event.pk])
    assert ModerationEvent.objects.get(pk=event.pk).reason == ""
