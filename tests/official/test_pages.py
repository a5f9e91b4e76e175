"""The moderator pages of official lists (upload with progress, review of probable matches,
placing by hand), the admin upload, and the camera page's "declared" section."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.gis.geos import Point
from django.core.files.uploadedfile import SimpleUploadedFile

from cameramap.cameras.history import ModerationEvent
from cameramap.moderation.groups import MODERATORS
from cameramap.official.models import OfficialEntry, OfficialImport, OfficialList
from cameramap.official.services import list_match
from cameramap.official.tasks import official_import_run
from tests.factories import camera_make

pytestmark = pytest.mark.django_db
LAT, LON = 44.8176, 20.4573
M = 1 / 111_320


@pytest.fixture
def moderator_client(client):
    user = get_user_model().objects.create_user("mod", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=MODERATORS))
    client.force_login(user)
    client.user = user
    return client


def entry_list(*places) -> OfficialList:
    official_list = OfficialList.objects.create(name="MUP 2021", publisher="Ministry", published="2021-03-20",
                                                file_name="l.csv", file_sha256="b" * 64)
    for row, place in enumerate(places, start=2):
        OfficialEntry.objects.create(official_list=official_list, row=row, ref=f"E{row}", address="Knez Mihailova 99",
                                     location=Point(*place, srid=4326) if place else None,
                                     located_by="coordinates" if place else "unlocated", precision_m=0 if place else None,
                                     status="not_found" if place else "unlocated", unlocated_reason="" if place else "no street")
    list_match(official_list)
    return official_list


def test_others_may_not_see_the_pages(client):
    assert client.get("/moderate/official/").status_code == 302
    get_user_model().objects.create_user("someone", password="x")
    client.login(username="someone", password="x")
    assert client.get("/moderate/official/").status_code == 403


def test_an_upload_runs_in_the_worker_with_its_progress(moderator_client, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr(official_import_run, "delay", sent.append)
    upload = SimpleUploadedFile("list.csv", b"id,lat,lon\n1,44.8176,20.4573\n2,44.8180,20.4580\n")
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post("/moderate/official/import/", {
            "file": upload, "name": "MUP", "publisher": "Ministry", "published": "2021-03-20"})
    job = OfficialImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/moderate/official/imports/{job.pk}/"
    assert sent == [job.pk] and job.state == "queued"
    page = moderator_client.get(response["Location"])
    assert b"official-import.js" in page.content and b"data-status-url" in page.content
    official_import_run(job.pk)
    status = moderator_client.get(f"/moderate/official/imports/{job.pk}/status").json()
    official_list = OfficialList.objects.get()
    assert status == {"id": job.pk, "state": "done", "progress": 100, "message": "Imported: 2 entries.", "list": official_list.pk,
                      "finished": True}
    assert official_list.imported_by == moderator_client.user and official_list.matched_at is not None
    job.refresh_from_db()
    assert not job.file  # the upload does not stay on the server


def test_a_failed_import_says_why_on_the_progress_page(moderator_client, monkeypatch):
    monkeypatch.setattr(official_import_run, "delay", lambda pk: None)
    moderator_client.post("/moderate/official/import/", {
        "file": SimpleUploadedFile("list.csv", b"colour\nred\n"), "name": "X", "publisher": "Y", "published": "2021-03-20"})
    job = OfficialImport.objects.get()
    official_import_run(job.pk)
    status = moderator_client.get(f"/moderate/official/imports/{job.pk}/status").json()
    assert status["state"] == "failed" and "No usable columns" in status["message"] and not OfficialList.objects.exists()


def test_the_form_refuses_a_wrong_kind_of_file(moderator_client):
    response = moderator_client.post("/moderate/official/import/", {
        "file": SimpleUploadedFile("list.exe", b"MZ"), "name": "X", "publisher": "Y", "published": "2021-03-20"})
    assert response.status_code == 400 and "Give a CSV" in response.content.decode()
    assert not OfficialImport.objects.exists()


def test_a_probable_match_is_confirmed_or_rejected_with_an_audit_event(moderator_client):
    near = camera_make(lon=LON, lat=LAT + 20 * M)
    other = camera_make(lon=LON, lat=LAT - 25 * M)
    official_list = entry_list((LON, LAT), (LON + 0.01, LAT))
    entry = official_list.entries.get(ref="E2")
    assert (entry.status, entry.camera_id) == ("probable", near.id)
    page = moderator_client.get(f"/moderate/official/lists/{official_list.pk}/")
    assert page.status_code == 200 and f"#{near.id}".encode() in page.content
    response = moderator_client.post(f"/moderate/official/entries/{entry.pk}/reject")
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.rejected_cameras == [near.id] and (entry.status, entry.camera_id) == ("probable", other.id)
    moderator_client.post(f"/moderate/official/entries/{entry.pk}/confirm")
    entry.refresh_from_db()
    assert (entry.status, entry.camera_id, entry.confirmed) == ("matched", other.id, True)
    events = list(ModerationEvent.objects.filter(action="declared").order_by("id"))
    assert [(e.camera_id, e.data["decision"], e.moderator_id) for e in events] == [
        (near.id, "reject", moderator_client.user.pk), (other.id, "confirm", moderator_client.user.pk)]


def test_an_unlocated_entry_is_placed_by_hand(moderator_client):
    camera = camera_make(lon=LON, lat=LAT)
    official_list = entry_list(None)
    entry = official_list.entries.get()
    page = moderator_client.get(f"/moderate/official/entries/{entry.pk}/place")
    assert page.status_code == 200 and b'data-place-map="official-place-data"' in page.content and b"official-place.js" in page.content
    assert moderator_client.post(f"/moderate/official/entries/{entry.pk}/place", {"lat": "95", "lon": "20"}).status_code == 400
    response = moderator_client.post(f"/moderate/official/entries/{entry.pk}/place", {"lat": str(LAT), "lon": str(LON)})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.located_by, entry.status, entry.camera_id) == ("hand", "matched", camera.id)


def test_the_admin_upload_uses_the_same_pipeline(admin_client, monkeypatch):
    monkeypatch.setattr(official_import_run, "delay", lambda pk: None)
    assert admin_client.get("/admin/official/officiallist/import/").status_code == 200
    response = admin_client.post("/admin/official/officiallist/import/", {
        "file": SimpleUploadedFile("list.csv", b"id,lat,lon\n1,44.8176,20.4573\n"), "name": "MUP", "publisher": "M",
        "published": "2021-03-20"})
    job = OfficialImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/official/officiallist/imports/{job.pk}/"
    official_import_run(job.pk)
    assert admin_client.get(f"/admin/official/officiallist/imports/{job.pk}/status").json()["state"] == "done"
    assert admin_client.get("/admin/official/officiallist/").status_code == 200


def test_the_camera_page_says_which_list_declares_it(client):
    declared = camera_make(lon=LON, lat=LAT)
    entry_list((LON, LAT))
    page = client.get(f"/cameras/{declared.pk}/").content.decode()
    assert "Declared in “MUP 2021” (Ministry, 2021-03-20), entry E2" in page
    other = OfficialList.objects.get()
    from django.contrib.gis.geos import MultiPolygon, Polygon
    other.coverage = MultiPolygon(Polygon.from_bbox((20.4, 44.8, 20.5, 44.9)), srid=4326)
    other.save()
    undeclared = camera_make(lon=LON + 0.01, lat=LAT)
    assert "Not in “MUP 2021”" in client.get(f"/cameras/{undeclared.pk}/").content.decode()


def test_the_reasons_are_written_in_the_uploaders_language(moderator_client, monkeypatch, belgrade):
    monkeypatch.setattr(official_import_run, "delay", lambda pk: None)
    moderator_client.post("/moderate/official/import/", {
        "file": SimpleUploadedFile("spisak.csv", "rb;adresa\n1;Непостојећа 5\n".encode()), "name": "X", "publisher": "Y",
        "published": "2021-03-20"}, HTTP_ACCEPT_LANGUAGE="sr")
    official_import_run(OfficialImport.objects.get().pk)
    assert OfficialEntry.objects.get().unlocated_reason == "нема улице „Непостојећа”"
