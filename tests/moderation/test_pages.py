"""The moderator pages under /moderate/: who may see them, what they show, what they do."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.test import Client
from django.utils import timezone

from cameramap.cameras.models import Camera, Report
from cameramap.cameras.history import Action, ModerationEvent
from cameramap.moderation.models import ReviewLock
from cameramap.moderation.services import report_attach, report_precheck, review_lock_take
from tests.factories import camera_make, report_make

from .test_dedup_scoring import moved

pytestmark = pytest.mark.django_db
LON, LAT = 20.4573, 44.8176


def map_data(response) -> dict:
    body = response.content.decode()
    found = re.search(r'<script id="moderate-map-data" type="application/json">(.*?)</script>', body, re.S)
    return json.loads(found.group(1))


@pytest.mark.parametrize("url", ["/moderate/", "/moderate/reports/1/", "/moderate/cameras/1/", "/moderate/next/"])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=" + url


@pytest.mark.parametrize("url", ["/moderate/", "/moderate/next/"])
def test_volunteers_and_trusted_volunteers_are_refused(client, volunteer, trusted, url):
    for user in (volunteer, trusted):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 403


def test_the_queue_lists_pending_reports_oldest_first_with_counts(client, moderator, photo_make):
    old = report_make(notes="old", prechecks={})
    Report.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=5))
    new = report_make(kind="gone", camera=camera_make(), prechecks={})
    flagged = report_make(lon=LON + 0.01)
    photo_make(flagged, state="failed")
    report_precheck(report_id=flagged.pk)
    report_make(status="rejected")
    client.force_login(moderator)

    response = client.get("/moderate/")

    assert response.status_code == 200
    body = response.content.decode()
    rows = re.findall(r'<tr data-report="(\d+)">', body)
    assert rows == [str(old.pk), str(new.pk), str(flagged.pk)]
    assert '<strong data-count="pending">3</strong>' in body
    assert '<strong data-count="kind_gone">1</strong>' in body
    assert '<strong data-count="flagged">1</strong>' in body
    assert '<strong data-count="unchecked">2</strong>' in body
    assert "a photo could not be processed" in body
    assert 'href="/moderate/"' in body  # the nav link for moderators in base.html


def test_review_page_shows_photos_candidates_and_the_map(client, moderator, photo_make):
    candidate = camera_make(**dict(zip(("lon", "lat"), moved(LON, LAT, 6, 90))), directions=[90])
    farther = camera_make(**dict(zip(("lon", "lat"), moved(LON, LAT, 80, 0))), directions=[180])
    report = report_make(lon=LON, lat=LAT, directions=[95], accuracy_m=5)
    photo = photo_make(report, exif=Point(*moved(LON, LAT, 20, 180), srid=4326), heading=275.0)
    report_precheck(report_id=report.pk)
    client.force_login(moderator)

    response = client.get(f"/moderate/reports/{report.pk}/")

    assert response.status_code == 200
    body = response.content.decode()
    assert photo.thumbnail.url in body and photo.image.url in body
    assert f'data-candidate="1">Attach</button>' in body and f'value="{candidate.pk}"' in body
    assert re.search(r'<tr data-rank="1" class="candidate suggested">', body)
    assert "Suggested: a sighting of camera" in body
    data = map_data(response)
    assert data["report"] == {"id": report.pk, "lon": LON, "lat": LAT, "accuracy_m": 5.0, "directions": [95]}
    assert data["photos"][0]["heading"] == 275.0
    markers = {c["id"]: c for c in data["cameras"]}
    assert markers[candidate.pk]["rank"] == 1 and markers[candidate.pk]["score"] > 0.5
    assert markers[farther.pk]["rank"] is None and markers[farther.pk]["directions"] == [180]
    assert "/static/leaflet/leaflet.js" in body and "/static/cameramap/moderate.js" in body
    assert "<script>" not in body  # no inline script: a CSP will forbid them
    # Opening it took the review lock, and the audit says so.
    assert ReviewLock.objects.get(report=report).moderator == moderator
    assert ModerationEvent.objects.filter(report=report, action=Action.LOCK, moderator=moderator).count() == 1


def test_review_page_writes_distances_in_metres_or_kilometres_in_the_moderators_language(client, moderator, photo_make):
    camera_make(**dict(zip(("lon", "lat"), moved(LON, LAT, 6.4, 90))))
    report = report_make(lon=LON, lat=LAT, accuracy_m=1500)
    photo_make(report, exif=Point(*moved(LON, LAT, 2345, 0), srid=4326))  # taken 2.3 km from the pin
    report_precheck(report_id=report.pk)
    client.force_login(moderator)

    serbian = client.get(f"/moderate/reports/{report.pk}/", headers={"accept-language": "sr"}).content.decode()
    english = client.get(f"/moderate/reports/{report.pk}/", headers={"accept-language": "en"}).content.decode()

    assert "± 1,5\u00a0km</dd>" in serbian and "± 1.5\u00a0km</dd>" in english  # the report's accuracy
    assert "удаљени до 2,3\u00a0km" in serbian and "up to 2.3\u00a0km apart" in english  # photo and pin
    assert "<td>6,4\u00a0m</td>" in serbian and "<td>6.4\u00a0m</td>" in english  # the duplicate candidate
    assert not re.search(r"\d{4} m\b", serbian + english)  # never "2345 m"


def test_a_report_open_by_another_moderator_is_read_only(client, moderator, other_moderator):
    report = report_make()
    review_lock_take(report=report, moderator=other_moderator)
    client.force_login(moderator)

    response = client.get(f"/moderate/reports/{report.pk}/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "mod2 is reviewing this report until" in body
    assert 'id="approve-form"' not in body and 'id="reject-form"' not in body
    assert client.get("/moderate/next/")["Location"] == "/moderate/"  # nothing else waits


def test_approve_as_new_from_the_page_then_the_next_report_opens(client, moderator):
    report, waiting = report_make(directions=[10]), report_make(lon=LON + 0.01)
    client.force_login(moderator)

    response = client.post(f"/moderate/reports/{report.pk}/approve")

    assert response.status_code == 302 and response["Location"] == "/moderate/next/"
    camera = Camera.objects.get()
    assert Report.objects.get(pk=report.pk).camera == camera and camera.directions == [10]
    follow = client.get(response["Location"])
    assert follow["Location"] == f"/moderate/reports/{waiting.pk}/"


def test_attach_to_a_candidate_from_the_page(client, moderator):
    camera = camera_make()
    report = report_make()
    client.force_login(moderator)

    response = client.post(f"/moderate/reports/{report.pk}/attach", {"camera": camera.pk})

    assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).status == "merged"
    assert Camera.objects.get(pk=camera.pk).confirmations == 2


def test_attach_to_a_camera_that_does_not_exist_says_so(client, moderator):
    report = report_make()
    client.force_login(moderator)
    response = client.post(f"/moderate/reports/{report.pk}/attach", {"camera": 999999}, follow=True)
    assert response.status_code == 200
    assert "There is no camera 999999." in response.content.decode()
    assert Report.objects.get(pk=report.pk).status == "pending"


def test_reject_without_a_reason_is_refused_with_the_reason_why(client, moderator):
    report = report_make()
    client.force_login(moderator)

    refused = client.post(f"/moderate/reports/{report.pk}/reject", {"reason": "", "text": "no"}, follow=True)
    assert "Reason: This field is required." in refused.content.decode()
    other = client.post(f"/moderate/reports/{report.pk}/reject", {"reason": "other", "text": ""}, follow=True)
    assert "Say why the report is rejected." in other.content.decode()
    assert Report.objects.get(pk=report.pk).status == "pending"

    done = client.post(f"/moderate/reports/{report.pk}/reject", {"reason": "privacy", "text": "a face"})
    assert done.status_code == 302
    assert Report.objects.get(pk=report.pk).status == "rejected"
    event = ModerationEvent.objects.get(report=report, action=Action.REJECT)
    assert (event.data["reason"], event.reason) == ("privacy", "a face")


def test_forms_need_the_csrf_token(moderator):
    report = report_make()
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    assert client.post(f"/moderate/reports/{report.pk}/approve").status_code == 403
    page = client.get(f"/moderate/reports/{report.pk}/").content.decode()
    assert page.count('name="csrfmiddlewaretoken"') >= 4
    assert Report.objects.get(pk=report.pk).status == "pending"


def test_skip_gives_the_report_back_and_opens_the_next(client, moderator):
    first, second = report_make(), report_make(lon=LON + 0.01)
    client.force_login(moderator)
    client.get(f"/moderate/reports/{first.pk}/")

    response = client.post(f"/moderate/reports/{first.pk}/release", {"then": "next"})

    assert not ReviewLock.objects.filter(report=first).exists()
    assert client.get(response["Location"])["Location"] == f"/moderate/reports/{second.pk}/"


def test_a_correction_page_lists_the_changes_to_tick(client, moderator):
    camera = camera_make(operator="", directions=[90])
    report = report_make(kind="correct", camera=camera, operator="Police", directions=[100])
    client.force_login(moderator)

    body = client.get(f"/moderate/reports/{report.pk}/").content.decode()
    assert 'name="fields" value="operator" checked' in body and 'name="fields" value="directions" checked' in body

    client.post(f"/moderate/reports/{report.pk}/approve", {"fields": ["operator"]})
    camera.refresh_from_db()
    assert camera.operator == "Police" and camera.directions == [90]


def test_camera_page_merges_and_splits(client, moderator):
    keep = camera_make()
    dup = camera_make(**dict(zip(("lon", "lat"), moved(LON, LAT, 3, 0))))
    sighting = report_make()
    report_attach(report=sighting, camera=dup, moderator=moderator)
    client.force_login(moderator)

    page = client.get(f"/moderate/cameras/{dup.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert f'name="reports" value="{sighting.pk}"' in body
    assert f'value="{keep.pk}"' in body  # the nearest camera is offered for the merge
    assert "Moderation history" in body and "attached to camera" in body

    preview = client.get(f"/moderate/cameras/{dup.pk}/merge", {"into": keep.pk})
    merged = client.post(f"/moderate/cameras/{dup.pk}/merge", {"into": keep.pk, "digest": preview.context["preview"].digest})
    assert merged["Location"] == f"/moderate/cameras/{keep.pk}/"
    assert client.get(f"/moderate/cameras/{dup.pk}/")["Location"] == f"/moderate/cameras/{keep.pk}/"  # redirect

    split = client.post(f"/moderate/cameras/{keep.pk}/split", {"reports": [sighting.pk]})
    new = Camera.objects.latest("pk")
    assert split["Location"] == f"/moderate/cameras/{new.pk}/"
    assert Report.objects.get(pk=sighting.pk).camera == new


def test_admins_may_moderate_too(client, admin_user):
    report = report_make()
    client.force_login(admin_user)
    assert client.get("/moderate/").status_code == 200
    assert client.get(f"/moderate/reports/{report.pk}/").status_code == 200


def test_an_absurd_camera_id_is_refused_with_a_message(client, moderator):
    report = report_make()
    client.force_login(moderator)
    response = client.post(f"/moderate/reports/{report.pk}/attach", {"camera": 10**30}, follow=True)
    assert response.status_code == 200
    assert "Camera id:" in response.content.decode()
    assert client.get(f"/moderate/next/?after={10**30}").status_code == 302
    assert Report.objects.get(pk=report.pk).status == "pending"
