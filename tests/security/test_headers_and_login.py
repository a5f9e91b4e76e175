import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get("/")
    assert response.status_code == 200
    policy = dict(
        (part.split()[0], part.split()[1:]) for part in response["Content-Security-Policy"].split(";") if part.strip()
    )
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "https://tile.openstreetmap.org" in policy["img-src"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_pages_are_not_framed_and_not_sniffed(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@override_settings(AXES_ENABLED=True)
def test_login_is_locked_after_repeated_failures_without_storing_the_address(client, django_user_model):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.core.cache import cache

    cache.clear()
    django_user_model.objects.create_user("mod", password="right-password-1", is_staff=True)
    for _ in range(5):
        response = client.post("/admin/login/", {"username": "mod", "password": "wrong"}, REMOTE_ADDR="203.0.113.7")
        assert response.status_code in (200, 403, 429)
    locked = client.post("/admin/login/", {"username": "mod", "password": "right-password-1"}, REMOTE_ADDR="203.0.113.7")
    assert locked.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
    # Another source is not locked out of the same account (no lock-out of moderators by others).
    other = client.post("/admin/login/", {"username": "mod", "password": "right-password-1"}, REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 302
    assert AccessAttempt.objects.count() == AccessLog.objects.count() == AccessFailureLog.objects.count() == 0
    cache.clear()
