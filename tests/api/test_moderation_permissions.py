"""Who may do what: every moderation action × anonymous, volunteer, trusted volunteer,
moderator and admin. Only moderators and admins may moderate; the others get 401 (no
credentials: the answer says how to authenticate) or 403 (known, but not allowed), and nothing
changes."""

import pytest
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cameramap.cameras.models import Camera, Report
from cameramap.moderation.groups import TRUSTED
from cameramap.cameras.history import ModerationEvent
from cameramap.moderation.services import report_attach
from tests.factories import camera_make, report_make

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "volunteer", "trusted volunteer", "moderator", "admin"]
EXPECTED = {"anonymous": 401, "volunteer": 403, "trusted volunteer": 403}


def client_for(role, django_user_model) -> APIClient:
    from cameramap.moderation.accounts import moderator_ensure

    client = APIClient()
    if role == "anonymous":
        return client
    if role == "moderator":
        user, _password = moderator_ensure(username="mod", password="mod-password-1")
    elif role == "admin":
        user = django_user_model.objects.create_superuser(username="root", password="root-password-1")
    else:
        user = django_user_model.objects.create_user(username=role.replace(" ", "-"), password="x-password-1")
        if role == "trusted volunteer":
            user.groups.add(Group.objects.get(name=TRUSTED))
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def world():
    camera = camera_make()
    dup = camera_make(lon=20.45733)
    sighting = report_make()
    report_attach(report=sighting, camera=dup, moderator=None)
    return {"camera": camera, "dup": dup, "sighting": sighting, "report": report_make(lon=20.46)}


# action → (method, url, body, success status, check that it happened)
ACTIONS = {
    "list": ("get", lambda w: "/api/v1/moderation/reports/?status=pending", None, 200,
             lambda w, r: r.json()["count"] == 1),
    "detail": ("get", lambda w: f"/api/v1/moderation/reports/{w['report'].pk}/", None, 200,
               lambda w, r: r.json()["id"] == w["report"].pk and "candidates" in r.json()),
    "approve": ("post", lambda w: f"/api/v1/moderation/reports/{w['report'].pk}/approve", {}, 200,
                lambda w, r: Report.objects.get(pk=w["report"].pk).status == "approved"),
    "reject": ("post", lambda w: f"/api/v1/moderation/reports/{w['report'].pk}/reject", {"reason": "abuse"}, 200,
               lambda w, r: Report.objects.get(pk=w["report"].pk).status == "rejected"),
    "merge": ("post", lambda w: f"/api/v1/moderation/reports/{w['report'].pk}/merge", lambda w: {"camera": w["camera"].pk}, 200,
              lambda w, r: Report.objects.get(pk=w["report"].pk).camera_id == w["camera"].pk),
    "lock": ("post", lambda w: f"/api/v1/moderation/reports/{w['report'].pk}/lock", None, 200,
             lambda w, r: r.json()["expires_at"]),
    "camera merge": ("post", lambda w: f"/api/v1/moderation/cameras/{w['dup'].pk}/merge", lambda w: {"into": w["camera"].pk}, 200,
                     lambda w, r: Camera.objects.get(pk=w["dup"].pk).merged_into_id == w["camera"].pk),
    "camera split": ("post", lambda w: f"/api/v1/moderation/cameras/{w['dup'].pk}/split", lambda w: {"reports": [w["sighting"].pk]}, 201,
                     lambda w, r: Report.objects.get(pk=w["sighting"].pk).camera_id == r.json()["camera"]),
    "camera history": ("get", lambda w: f"/api/v1/moderation/cameras/{w['dup'].pk}/history/", None, 200,
                       lambda w, r: len(r.json()["results"]) == 1),
}


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, action, django_user_model):
    client = client_for(role, django_user_model)
    w = world()
    method, url, body, success, happened = ACTIONS[action]
    body = body(w) if callable(body) else body
    events_before = ModerationEvent.objects.count()

    response = getattr(client, method)(url(w), body, format="json") if method == "post" else client.get(url(w))

    if role in EXPECTED:
        assert response.status_code == EXPECTED[role], response.content
        assert "detail" in response.json()
        if role == "anonymous":
            assert response["WWW-Authenticate"] == "Token"
        assert ModerationEvent.objects.count() == events_before  # nothing happened
        assert Report.objects.get(pk=w["report"].pk).status == "pending"
        assert Camera.objects.get(pk=w["dup"].pk).merged_into_id is None
    else:
        assert response.status_code == success, response.content
        assert happened(w, response)
