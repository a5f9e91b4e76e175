"""The audit trail shown to moderators: the camera-history include the camera page uses."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory

from cameramap.cameras.models import Camera
from cameramap.cameras.history import Action, ModerationEvent
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
        "rejected: Another reason.",  # newest
        f"Camera {other.pk} merged into camera {camera.pk}; 1 sightings moved.",
        f"attached to camera {other.pk} as a sighting.",
        f"approved as new camera {camera.pk}.",  # oldest
    )]
    assert positions == sorted(positions)
    assert "It is still there." in html  # the moderator's words, for moderators
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


def test_a_camera_edited_in_the_admin_is_written_to_its_history_with_old_and_new_values(client, django_user_model):
    from tests.security.matrix_support import FormReader

    admin_user = django_user_model.objects.create_superuser(username="root", password="x")
    client.force_login(admin_user)
    camera = camera_make(operator="City of Belgrade", operator_type="city")
    url = f"/admin/cameras/camera/{camera.pk}/change/"
    reader = FormReader()
    reader.feed(client.get(url).content.decode())
    form = dict(reader.data)

    form.update(operator=["Ministry of the Interior"], operator_type=["police"])
    response = client.post(url, form)

    assert response.status_code == 302, response.content.decode()[:2000]
    event = ModerationEvent.objects.get(camera=camera)
    assert (event.action, event.moderator, event.report) == (Action.CORRECT, admin_user, None)
    assert event.data == {"via": "admin", "old": {"operator": "City of Belgrade", "operator_type": "city"},
                          "new": {"operator": "Ministry of the Interior", "operator_type": "police"}}
    html = render_history(camera, admin_user)
    assert f"Camera {camera.pk} changed in the admin: operator: City of Belgrade → Ministry of the Interior" in html

    client.post(url, reader.data | {"operator": ["Ministry of the Interior"], "operator_type": ["police"]})
    assert ModerationEvent.objects.filter(camera=camera).count() == 1  # saved unchanged: nothing to record


def test_an_admin_edit_from_a_stale_form_is_refused_and_changes_nothing(client, django_user_model):
    # A moderation decision committed after the admin opened the form (here: the camera marked
    # removed, its confirmations counted) must not be undone by the form's old values.
    from tests.security.matrix_support import FormReader

    client.force_login(django_user_model.objects.create_superuser(username="root", password="x"))
    camera = camera_make(operator="City of Belgrade", status="present", confirmations=1)
    url = f"/admin/cameras/camera/{camera.pk}/change/"
    reader = FormReader()
    reader.feed(client.get(url).content.decode())

    Camera.objects.filter(pk=camera.pk).update(status="removed", confirmations=4)
    camera.refresh_from_db()
    Camera.objects.filter(pk=camera.pk).update(updated_at=camera.updated_at + timedelta(seconds=1))
    response = client.post(url, dict(reader.data) | {"operator": ["Grad Beograd"]})

    assert response.status_code == 200 and "changed by someone else" in response.content.decode()
    camera.refresh_from_db()
    assert (camera.operator, camera.status, camera.confirmations) == ("City of Belgrade", "removed", 4)
    assert not ModerationEvent.objects.filter(camera=camera).exists()

    reader = FormReader()  # opened again: the edit goes through, and keeps the decision
    reader.feed(client.get(url).content.decode())
    assert client.post(url, dict(reader.data) | {"operator": ["Grad Beograd"]}).status_code == 302
    camera.refresh_from_db()
    assert (camera.operator, camera.status, camera.confirmations) == ("Grad Beograd", "removed", 4)
