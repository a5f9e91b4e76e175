"""Mapping events: a moderator issues a code on /moderate/events/ (or in the admin), sees it
listed, ends it early; a phone checks a code through the API before it keeps it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cameramap.moderation.models import CODE_ALPHABET, MappingEvent
from cameramap.moderation.services import mapping_event_for_code
from tests.factories import mapping_event_make
from tests.photos.support import throttle_reset  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("throttle_reset")]
PAGE = "/moderate/events/"
CHECK = "/api/v1/mapping-events/check"


@pytest.fixture
def page(client, moderator):
    client.force_login(moderator)
    return client


def test_the_page_offers_a_code_valid_for_a_day_from_now(page):
    response = page.get(PAGE)
    assert response.status_code == 200
    form = response.context["form"]
    start, end = form.initial["starts_at"], form.initial["ends_at"]
    assert end - start == timedelta(days=1) and abs(start - timezone.now()) < timedelta(minutes=1)
    text = response.content.decode()
    assert "120 reports per hour per phone instead of 30 per hour" in text
    assert "No code is valid now or later." in text


def test_a_moderator_creates_an_event_and_sees_its_code(page, moderator):
    start = timezone.localtime().replace(second=0, microsecond=0)
    response = page.post(PAGE, {"name": "Walk along the river", "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
                                "ends_at": (start + timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M")}, follow=True)
    event = MappingEvent.objects.get()
    assert (event.name, event.created_by, event.ends_at - event.starts_at) == ("Walk along the river", moderator, timedelta(hours=5))
    assert len(event.code) == 8 and set(event.code) <= set(CODE_ALPHABET)
    text = response.content.decode()
    assert f"its code is {event.code_display}." in text  # the message
    assert f'<code class="event-code">{event.code_display}</code>' in text  # the list
    assert mapping_event_for_code(event.code_display.lower()) == event


@pytest.mark.parametrize(("hours", "message"), [
    (-1, "The event must end after it starts."),
    (8 * 24, "A mapping event lasts at most 7 days."),
])
def test_times_that_make_no_event_are_refused_and_nothing_is_made(page, hours, message):
    start = timezone.localtime().replace(second=0, microsecond=0)
    response = page.post(PAGE, {"name": "Walk", "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
                                "ends_at": (start + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MappingEvent.objects.exists()


def test_a_moderator_ends_an_event_and_its_code_is_refused_from_then_on(page):
    event = mapping_event_make()
    response = page.post(f"/moderate/events/{event.pk}/end", follow=True)
    assert f"its code {event.code_display} is no longer valid" in response.content.decode()
    event.refresh_from_db()
    assert event.ends_at <= timezone.now()
    assert APIClient().post(CHECK, {"code": event.code}, format="json").json() == {"code": ["The mapping event of this code is over."]}
    assert response.context["past"][0] == event and not response.context["current"]


def test_an_event_not_started_yet_can_be_ended_too(page):
    event = mapping_event_make(starts_at=timezone.now() + timedelta(days=1))
    page.post(f"/moderate/events/{event.pk}/end")
    event.refresh_from_db()
    assert event.starts_at == event.ends_at <= timezone.now()


def test_volunteers_may_not_see_or_make_codes(client, django_user_model):
    client.force_login(django_user_model.objects.create_user(username="vol", password="vol-password-1"))
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"name": "x"}).status_code == 403
    assert not MappingEvent.objects.exists()


def test_a_moderator_creates_an_event_in_the_admin_with_a_made_code(page, moderator):
    start = timezone.localtime().replace(second=0, microsecond=0)
    initial = page.get("/admin/moderation/mappingevent/add/").context["adminform"].form.initial
    assert initial["ends_at"] - initial["starts_at"] == timedelta(days=1)
    response = page.post("/admin/moderation/mappingevent/add/", {
        "name": "Workshop", "starts_at_0": start.strftime("%Y-%m-%d"), "starts_at_1": start.strftime("%H:%M"),
        # The end's own date: three hours after a start late in the evening is the next day.
        "ends_at_0": (start + timedelta(hours=3)).strftime("%Y-%m-%d"), "ends_at_1": (start + timedelta(hours=3)).strftime("%H:%M")})
    assert response.status_code == 302, response.content.decode()[:2000]
    event = MappingEvent.objects.get()
    assert event.created_by == moderator and len(event.code) == 8


# --- the phone's check -----------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["{code}", "{lower}", "{display}", " {lower_display} "])
def test_a_phone_checks_a_code_as_typed_and_gets_the_event(typed):
    event = mapping_event_make(name="Walk along the river")
    text = typed.format(code=event.code, lower=event.code.lower(), display=event.code_display,
                        lower_display=event.code_display.lower())
    response = APIClient().post(CHECK, {"code": text}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["code"], body["name"]) == (event.code, "Walk along the river")
    assert body["ends_at"].startswith(timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M"))


def test_a_code_whose_event_is_still_to_come_is_accepted_by_the_check():
    event = mapping_event_make(starts_at=timezone.now() + timedelta(hours=2))
    assert APIClient().post(CHECK, {"code": event.code}, format="json").status_code == 200


def test_an_unknown_code_is_refused_in_the_phones_language():
    api = APIClient()
    assert api.post(CHECK, {"code": "ABCD-EFGH"}, format="json").json() == {
        "code": ["No mapping event has this code. Check it with the organisers."]}
    assert api.post(CHECK, {"code": "ABCD-EFGH"}, format="json", HTTP_ACCEPT_LANGUAGE="sr").status_code == 400


def test_guessing_codes_is_throttled_like_passwords(settings):
    settings.THROTTLE_AUTH = "3/minute"
    api = APIClient()
    codes = [api.post(CHECK, {"code": f"ABCD-EFG{n}"}, format="json").status_code for n in range(2, 6)]
    assert codes == [400, 400, 400, 429]
