"""GET /api/v1/reports/{id}/?receipt=…, the receipt page, and token authentication."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cameramap.cameras.models import Report
from cameramap.moderation.services import report_reject
from tests.factories import camera_make, report_make
from tests.photos.support import throttle_reset, upload  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("throttle_reset")]


@pytest.fixture
def api():
    return APIClient()


def test_receipt_shows_the_status_of_ones_own_report(api):
    created = api.post("/api/v1/reports/", {"photos": [upload("jpg_gps_DSCN0021.jpg")]}, format="multipart").json()
    response = api.get(f"/api/v1/reports/{created['id']}/", {"receipt": created["receipt"]})
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == created["id"] and body["status"] == "pending" and body["status_display"] == "pending"
    assert body["camera"] is None and "receipt" not in body
    assert body["photos"] == [{"position": 0, "state": "pending", "failure_reason": ""}]


@pytest.mark.parametrize("receipt", ["wrong-receipt", "", None])
def test_wrong_or_missing_receipt_is_404_like_a_report_that_does_not_exist(api, receipt):
    report = report_make()
    params = {"receipt": receipt} if receipt is not None else {}
    response = api.get(f"/api/v1/reports/{report.pk}/", params)
    missing = api.get("/api/v1/reports/987654321/", {"receipt": report.receipt})
    assert (response.status_code, missing.status_code) == (404, 404)
    assert response.json() == missing.json() == {"detail": "Not found."}


def test_receipt_of_one_report_does_not_open_another(api):
    mine, theirs = report_make(), report_make()
    assert api.get(f"/api/v1/reports/{theirs.pk}/", {"receipt": mine.receipt}).status_code == 404


def test_an_id_too_large_for_the_database_is_404_not_500(api):
    assert api.get("/api/v1/reports/99999999999999999999999/", {"receipt": "x"}).status_code == 404


def test_receipts_are_long_random_and_different():
    receipts = {report_make().receipt for _ in range(20)}
    assert len(receipts) == 20 and all(len(receipt) >= 32 for receipt in receipts)


def test_approved_report_links_to_its_camera(api):
    camera = camera_make()
    report = report_make(status="approved", camera=camera, kind="confirm", decided_at=timezone.now())
    body = api.get(f"/api/v1/reports/{report.pk}/", {"receipt": report.receipt}).json()
    assert body["status"] == "approved"
    assert body["camera"] == {"id": camera.pk, "url": f"/cameras/{camera.pk}/", "api_url": f"/api/v1/cameras/{camera.pk}/"}


def test_rejected_report_shows_no_camera(api):
    report = report_make(status="rejected", camera=camera_make(), kind="confirm")
    body = api.get(f"/api/v1/reports/{report.pk}/", {"receipt": report.receipt}).json()
    assert (body["status"], body["camera"]) == ("rejected", None)


def test_receipt_page_shows_status_and_the_link_to_keep(client):
    report = report_make()
    response = client.get(f"/reports/{report.pk}/", {"receipt": report.receipt})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-status="pending"' in page
    assert f"http://testserver/reports/{report.pk}/?receipt={report.receipt}" in page
    assert "no-store" in response["Cache-Control"]


def test_receipt_page_with_a_wrong_receipt_is_404(client):
    report = report_make()
    assert client.get(f"/reports/{report.pk}/", {"receipt": "guess"}).status_code == 404


def test_receipt_page_links_an_approved_report_to_its_camera(client):
    camera = camera_make()
    report = report_make(status="approved", camera=camera, kind="confirm")
    page = client.get(f"/reports/{report.pk}/", {"receipt": report.receipt}).content.decode()
    assert f'href="/cameras/{camera.pk}/"' in page


def test_a_rejected_report_says_why_in_the_readers_language_and_never_the_moderators_words(api, client, moderator):
    report = report_make()
    report_reject(report=report, moderator=moderator, reason="not_a_camera", text="Marko's lamp at no. 12")

    body = api.get(f"/api/v1/reports/{report.pk}/", {"receipt": report.receipt}).json()
    assert body["reject_reason"] == {"code": "not_a_camera", "label": "Not a surveillance camera"}
    page = client.get(f"/reports/{report.pk}/", {"receipt": report.receipt}).content.decode()
    assert "The reason: Not a surveillance camera." in page and "Marko" not in page

    serbian = client.get(f"/reports/{report.pk}/", {"receipt": report.receipt}, HTTP_ACCEPT_LANGUAGE="sr").content.decode()
    assert "Није надзорна камера" in serbian and "Not a surveillance camera" not in serbian
    latin = api.get(f"/api/v1/reports/{report.pk}/", {"receipt": report.receipt}, HTTP_ACCEPT_LANGUAGE="sr-Latn").json()
    assert latin["reject_reason"]["label"] == "Nije nadzorna kamera"
    latin_page = client.get(f"/reports/{report.pk}/", {"receipt": report.receipt}, HTTP_ACCEPT_LANGUAGE="sr-Latn")
    assert "Razlog: Nije nadzorna kamera." in latin_page.content.decode()
    assert api.get(f"/api/v1/reports/{report_make().pk}/", {"receipt": report.receipt}).status_code == 404


def test_the_moderators_history_shows_the_reason_in_the_readers_language(client, moderator):
    report = report_make()
    report_reject(report=report, moderator=moderator, reason="duplicate", text="same as #4")
    client.force_login(moderator)

    english = client.get(f"/moderate/reports/{report.pk}/").content.decode()
    serbian = client.get(f"/moderate/reports/{report.pk}/", HTTP_ACCEPT_LANGUAGE="sr").content.decode()

    assert f"Report {report.pk} rejected: Duplicate of a report already decided." in english
    assert "Duplicate of a report already decided" not in serbian and "same as #4" in serbian


# --- tokens ------------------------------------------------------------------------------------

@pytest.fixture
def volunteer(django_user_model):
    return django_user_model.objects.create_user(username="vesna", password="correct horse battery")


def test_token_for_username_and_password(api, volunteer):
    response = api.post("/api/v1/auth/token/", {"username": "vesna", "password": "correct horse battery"}, format="json")
    assert response.status_code == 200
    assert len(response.json()["token"]) == 40 and set(response.json()) == {"token"}


def test_wrong_password_gets_no_token_and_a_401_saying_how_to_authenticate(api, volunteer):
    response = api.post("/api/v1/auth/token/", {"username": "vesna", "password": "guess"}, format="json")
    assert response.status_code == 401 and response["WWW-Authenticate"] == 'Token realm="api"'
    assert response.json() == {"non_field_errors": ["Unable to log in with provided credentials."]}


def test_token_request_without_password_names_the_field(api):
    response = api.post("/api/v1/auth/token/", {"username": "vesna"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"password": ["This field is required."]}


def test_password_guessing_is_throttled(api, volunteer, settings):
    settings.THROTTLE_AUTH = "3/minute"
    codes = [api.post("/api/v1/auth/token/", {"username": "vesna", "password": f"guess{i}"}, format="json").status_code
             for i in range(4)]
    assert codes == [401, 401, 401, 429]


def test_report_sent_with_a_token_belongs_to_the_account_which_can_follow_it_without_receipt(api, volunteer):
    token = api.post("/api/v1/auth/token/", {"username": "vesna", "password": "correct horse battery"}, format="json").json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    created = api.post("/api/v1/reports/", {"photos": [upload("jpg_gps_DSCN0010.jpg")]}, format="multipart")
    assert created.status_code == 201
    report = Report.objects.get()
    assert report.contributor == volunteer
    assert api.get(f"/api/v1/reports/{report.pk}/").status_code == 200
    assert APIClient().get(f"/api/v1/reports/{report.pk}/").status_code == 404


def test_session_login_works_beside_tokens_with_the_pages_csrf_token(volunteer):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(volunteer)
    token = browser.get("/submit/").cookies["csrftoken"].value
    forged = browser.post("/api/v1/reports/", {"photos": [upload("jpg_gps_DSCN0010.jpg")]})
    assert forged.status_code == 403 and "CSRF" in forged.json()["detail"]
    response = browser.post("/api/v1/reports/", {"photos": [upload("jpg_gps_DSCN0010.jpg")]}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201
    assert Report.objects.get().contributor == volunteer
