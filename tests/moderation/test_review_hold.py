"""When a report is a moderator's (the review lock): from the moment they act on it — a decision
attempt, "Keep it for me", a change to its blurring — never merely because its page was opened,
so that a moderator who walks away from the next report leaves it to the others. And a refused
rejection keeps the reason chosen and the words written."""

import re

import pytest
from django.test import Client

from cameramap.cameras.history import Action, ModerationEvent
from cameramap.cameras.models import Report
from cameramap.moderation.models import ReviewLock
from tests.factories import report_make

pytestmark = pytest.mark.django_db
LON, LAT = 20.4573, 44.8176


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(client, report) -> str:
    response = client.get(f"/moderate/reports/{report.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_after_a_decision_the_next_report_opens_without_holding_it(moderator, other_moderator):
    first, second = report_make(), report_make(lon=LON + 0.01)
    mod, mod2 = logged_in(moderator), logged_in(other_moderator)

    decided = mod.post(f"/moderate/reports/{first.pk}/approve")
    opened = mod.get(mod.get(decided["Location"])["Location"])  # /moderate/next/ → the next report

    assert opened.status_code == 200 and opened.request["PATH_INFO"] == f"/moderate/reports/{second.pk}/"
    body = opened.content.decode()
    assert 'id="keep-form"' in body and 'id="reject-form"' in body
    assert not ReviewLock.objects.filter(report=second).exists()
    assert not ModerationEvent.objects.filter(report=second, action=Action.LOCK).exists()
    # The first moderator walked away from it: the other one gets it, and decides it.
    assert mod2.get("/moderate/next/")["Location"] == f"/moderate/reports/{second.pk}/"
    assert "is reviewing this report" not in page(mod2, second)
    rejected = mod2.post(f"/moderate/reports/{second.pk}/reject", {"reason": "not_a_camera"})
    assert rejected["Location"] == "/moderate/next/"
    assert Report.objects.get(pk=second.pk).status == "rejected"


def test_a_refused_decision_holds_the_report_until_it_is_corrected(moderator, other_moderator):
    report = report_make()
    mod, mod2 = logged_in(moderator), logged_in(other_moderator)
    page(mod, report)
    page(mod2, report)  # both have it open; neither holds it

    refused = mod.post(f"/moderate/reports/{report.pk}/reject", {"reason": "", "text": ""}, follow=True)
    assert "Reason: This field is required." in refused.content.decode()
    assert ReviewLock.objects.get(report=report).moderator == moderator

    body = page(mod2, report)
    assert "mod is reviewing this report until" in body and 'id="reject-form"' not in body
    assert mod2.get("/moderate/next/")["Location"] == "/moderate/"  # nothing else waits for them
    taken = mod2.post(f"/moderate/reports/{report.pk}/approve", follow=True)
    assert "mod is reviewing this report until" in taken.content.decode()
    assert Report.objects.get(pk=report.pk).status == "pending"

    assert "This report is yours until" in page(mod, report)
    mod.post(f"/moderate/reports/{report.pk}/reject", {"reason": "privacy"})
    assert Report.objects.get(pk=report.pk).status == "rejected"
    assert not ReviewLock.objects.filter(report=report).exists()  # the decision released it


def test_keep_it_for_me_holds_a_report_before_any_decision_and_skip_gives_it_back(moderator, other_moderator):
    report = report_make()
    mod, mod2 = logged_in(moderator), logged_in(other_moderator)

    kept = mod.post(f"/moderate/reports/{report.pk}/keep", follow=True)

    assert f"Report {report.pk} is yours for a few minutes" in kept.content.decode()
    assert "This report is yours until" in kept.content.decode() and 'id="keep-form"' not in kept.content.decode()
    assert ReviewLock.objects.get(report=report).moderator == moderator
    refused = mod2.post(f"/moderate/reports/{report.pk}/keep", follow=True)
    assert "mod is reviewing this report until" in refused.content.decode()
    assert ReviewLock.objects.get(report=report).moderator == moderator

    mod.post(f"/moderate/reports/{report.pk}/release", {"then": "next"})
    assert not ReviewLock.objects.filter(report=report).exists()
    assert 'id="keep-form"' in page(mod2, report)


def test_a_decided_report_is_not_held_by_a_late_attempt(moderator):
    report = report_make(status="rejected")
    mod = logged_in(moderator)
    mod.post(f"/moderate/reports/{report.pk}/keep")
    refused = mod.post(f"/moderate/reports/{report.pk}/approve", follow=True)
    assert "This report was already decided" in refused.content.decode()
    assert not ReviewLock.objects.filter(report=report).exists()


def test_changing_the_blurring_of_a_report_under_review_holds_it(review_photo, moderator, other_moderator, moderator_api):
    photo = review_photo()
    boxes = [{**box, "on": False} for box in photo.blur_boxes]

    answer = moderator_api.put(f"/api/v1/moderation/photos/{photo.pk}/blur", {"boxes": boxes}, format="json")

    assert answer.status_code == 200
    assert ReviewLock.objects.get(report=photo.report).moderator == moderator
    mod2 = logged_in(other_moderator)
    refused = mod2.put(f"/api/v1/moderation/photos/{photo.pk}/blur", {"boxes": photo.blur_boxes},
                       content_type="application/json")
    assert refused.status_code == 409 and "mod is reviewing this report until" in refused.json()["detail"]


def selected_reason(body: str) -> str | None:
    select = re.search(r'<select name="reason".*?</select>', body, re.S).group(0)
    found = re.search(r'<option value="([^"]*)" selected>', select)
    return found.group(1) if found else None


def textarea(body: str) -> str:
    return re.search(r'<textarea name="text"[^>]*>\n?(.*?)</textarea>', body, re.S).group(1)


def test_a_refused_rejection_keeps_the_chosen_reason_and_the_words(moderator):
    report, other = report_make(), report_make(lon=LON + 0.01)
    mod = logged_in(moderator)
    assert selected_reason(page(mod, report)) == ""  # "Choose a reason…"

    refused = mod.post(f"/moderate/reports/{report.pk}/reject", {"reason": "other", "text": "  "}, follow=True)
    body = refused.content.decode()
    assert "Say why the report is rejected." in body
    assert selected_reason(body) == "other"

    words = "The pole holds a street lamp & a <sign>, no camera"
    refused = mod.post(f"/moderate/reports/{report.pk}/reject", {"reason": "", "text": words}, follow=True)
    body = refused.content.decode()
    assert "Reason: This field is required." in body
    assert selected_reason(body) == "" and textarea(body) == "The pole holds a street lamp &amp; a &lt;sign&gt;, no camera"

    # The draft is shown once, on its own report only.
    mod.post(f"/moderate/reports/{report.pk}/reject", {"reason": "other", "text": ""})
    assert selected_reason(page(mod, other)) == ""
    assert selected_reason(page(mod, report)) == ""
    assert Report.objects.get(pk=report.pk).status == "pending"
