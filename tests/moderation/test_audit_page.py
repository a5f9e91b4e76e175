"""The audit trail's own page, /moderate/audit/: every event newest first, filtered, paginated,
for moderators only."""

import re
from datetime import datetime, timezone as tz

import pytest
from django.utils import timezone

from cameramap.cameras.history import Action, event_write
from cameramap.moderation.services import camera_merge, report_approve, report_attach, report_reject
from cameramap.moderation.views import AUDIT_PAGE_SIZE
from tests.factories import camera_make, report_make

pytestmark = pytest.mark.django_db
URL = "/moderate/audit/"


def rows(response) -> list[int]:
    """The events the page lists, top to bottom."""
    return [int(pk) for pk in re.findall(r'<tr data-event="(\d+)"', response.content.decode())]


@pytest.fixture
def event_at(monkeypatch):
    """event_at(day, **fields) → an event written as if at noon (UTC) on that day of March 2026."""

    def write(day: int, **fields):
        monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 3, day, 12, tzinfo=tz.utc))
        event = event_write(**fields)
        monkeypatch.undo()
        return event

    return write


@pytest.fixture
def as_moderator(client, moderator):
    client.force_login(moderator)
    return client


def test_it_lists_every_event_newest_first(as_moderator, event_at):
    camera = camera_make()
    old = event_at(1, action=Action.REMOVE, camera=camera)
    new = event_at(3, action=Action.CORRECT, camera=camera, data={"old": {"operator": "A"}, "new": {"operator": "B"}})
    middle = event_at(2, action=Action.RECEIVED, report=report_make())

    response = as_moderator.get(URL)

    assert response.status_code == 200
    assert rows(response) == [new.pk, middle.pk, old.pk]
    body = response.content.decode()
    assert "camera corrected" in body  # the action's label
    assert f"Camera {camera.pk} changed in the admin: operator: A → B." in body  # what happened
    assert "3 events, newest first" in body


def test_a_row_shows_time_reason_who_and_links_to_the_report_and_camera(as_moderator, moderator):
    report = report_make(kind="gone", camera=camera_make())
    report_reject(report=report, moderator=moderator, reason="other", text="A lamp, not a camera.")
    [rejection] = [e for e in report.events.all() if e.action == Action.REJECT]

    body = as_moderator.get(URL).content.decode()

    row = body[body.index(f'<tr data-event="{rejection.pk}"'):]
    row = row[:row.index("</tr>")]
    assert f'datetime="{rejection.created_at.isoformat()}"' in row
    assert "rejected" in row and "<q class=\"event-reason\">A lamp, not a camera.</q>" in row
    assert f'href="/moderate/reports/{report.pk}/">#{report.pk}</a>' in row
    assert f'href="/moderate/cameras/{report.camera_id}/">#{report.camera_id}</a>' in row
    assert f'href="?moderator={moderator.username}">{moderator.username}</a>' in row


def test_a_merge_names_the_camera_it_went_into(as_moderator, moderator):
    gone, survivor = camera_make(), camera_make(lon=20.4574)
    camera_merge(camera=gone, into=survivor, moderator=moderator)

    body = as_moderator.get(URL).content.decode()

    assert f'→ <a href="/moderate/cameras/{survivor.pk}/">into camera {survivor.pk}</a>' in body
    assert f"Camera {gone.pk} merged into camera {survivor.pk}" in body


def test_the_camera_filter_gives_that_cameras_whole_history(as_moderator, moderator):
    camera, other, merged = camera_make(), camera_make(lon=20.47), camera_make(lon=20.4574)
    sighting = report_make()
    report_attach(report=sighting, camera=camera, moderator=moderator)
    own = event_write(action=Action.REMOVE, camera=camera)
    event_write(action=Action.REMOVE, camera=other)
    report_approve(report=report_make(lon=20.48), moderator=moderator)  # another camera's
    merged_own = event_write(action=Action.CORRECT, camera=merged, data={"new": {}})
    camera_merge(camera=merged, into=camera, moderator=moderator)

    response = as_moderator.get(URL, {"camera": camera.pk})

    merge = merged.events.get(action=Action.MERGE)
    attached = sighting.events.get(action=Action.ATTACH)
    assert rows(response) == [merge.pk, merged_own.pk, own.pk, attached.pk]


def test_an_unknown_camera_is_an_empty_result_not_an_error(as_moderator):
    event_write(action=Action.REMOVE, camera=camera_make())

    response = as_moderator.get(URL, {"camera": 987654})

    assert response.status_code == 200
    assert rows(response) == []
    assert "No event matches these filters." in response.content.decode()


def test_the_report_filter_gives_that_reports_events(as_moderator, moderator):
    report, other = report_make(), report_make()
    received = event_write(action=Action.RECEIVED, report=report)
    event_write(action=Action.RECEIVED, report=other)
    report_reject(report=report, moderator=moderator, reason="not_a_camera")

    response = as_moderator.get(URL, {"report": report.pk})

    rejected = report.events.get(action=Action.REJECT)
    assert rows(response) == [rejected.pk, received.pk]


def test_the_moderator_filter_takes_a_username_or_automatic(as_moderator, moderator, other_moderator):
    camera = camera_make()
    mine = event_write(action=Action.REMOVE, camera=camera, moderator=moderator)
    theirs = event_write(action=Action.CORRECT, camera=camera, moderator=other_moderator)
    automatic = event_write(action=Action.REMOVE, camera=camera)

    assert rows(as_moderator.get(URL, {"moderator": other_moderator.username})) == [theirs.pk]
    assert rows(as_moderator.get(URL, {"moderator": moderator.username})) == [mine.pk]
    assert rows(as_moderator.get(URL, {"moderator": "automatic"})) == [automatic.pk]
    assert rows(as_moderator.get(URL, {"moderator": "nobody-of-that-name"})) == []


def test_automatic_is_understood_in_serbian_too(as_moderator, moderator):
    camera = camera_make()
    event_write(action=Action.REMOVE, camera=camera, moderator=moderator)
    automatic = event_write(action=Action.REMOVE, camera=camera)

    response = as_moderator.get(URL, {"moderator": "аутоматски"}, headers={"accept-language": "sr"})

    assert rows(response) == [automatic.pk]


def test_the_action_filter(as_moderator, moderator):
    camera = camera_make()
    removed = event_write(action=Action.REMOVE, camera=camera, moderator=moderator)
    event_write(action=Action.CORRECT, camera=camera, moderator=moderator)

    assert rows(as_moderator.get(URL, {"action": "remove"})) == [removed.pk]


def test_the_date_range_includes_both_days(as_moderator, event_at):
    camera = camera_make()
    events = {day: event_at(day, action=Action.REMOVE, camera=camera) for day in (1, 2, 3, 4)}

    assert rows(as_moderator.get(URL, {"since": "2026-03-02", "until": "2026-03-03"})) == [events[3].pk, events[2].pk]
    assert rows(as_moderator.get(URL, {"since": "2026-03-03"})) == [events[4].pk, events[3].pk]
    assert rows(as_moderator.get(URL, {"until": "2026-03-01"})) == [events[1].pk]


def test_days_at_the_ends_of_the_calendar_bound_nothing(as_moderator, event_at, settings):
    settings.TIME_ZONE = "Europe/Belgrade"  # ahead of UTC: year 1's first midnight is before year 1 in UTC
    event = event_at(1, action=Action.REMOVE, camera=camera_make())

    response = as_moderator.get(URL, {"since": "0001-01-01", "until": "9999-12-31"})

    assert response.status_code == 200
    assert rows(response) == [event.pk]


@pytest.mark.parametrize("query, error", [
    ({"camera": "abc"}, "Enter a whole number."),
    ({"report": "-3"}, "Ensure this value is greater than or equal to 1."),
    ({"camera": "9" * 30}, "Ensure this value is less than or equal to"),
    ({"action": "explode"}, "Select a valid choice. explode is not one of the available choices."),
    ({"since": "yesterday"}, "Enter a valid date."),
    ({"since": "2026-03-05", "until": "2026-03-01"}, "The first day comes after the last day."),
    ({"page": "many"}, None),
])
def test_bad_filters_show_the_forms_error_not_a_server_error(as_moderator, query, error):
    event = event_write(action=Action.REMOVE, camera=camera_make())

    response = as_moderator.get(URL, query)

    assert response.status_code == 200
    body = response.content.decode()
    if error is None:  # a bad page number is the first page
        assert rows(response) == [event.pk]
    else:
        assert rows(response) == []
        assert '<span class="error" role="alert">' in body or '<p class="error" role="alert">' in body
        assert error in body.replace("&quot;", '"')


def test_pages_keep_the_filters(as_moderator, moderator):
    camera = camera_make()
    mine = [event_write(action=Action.REMOVE, camera=camera, moderator=moderator) for _ in range(AUDIT_PAGE_SIZE + 3)]
    event_write(action=Action.REMOVE, camera=camera)  # automatic: filtered out

    first = as_moderator.get(URL, {"moderator": moderator.username, "action": "remove"})

    assert rows(first) == [event.pk for event in reversed(mine)][:AUDIT_PAGE_SIZE]
    body = first.content.decode()
    assert f'href="?moderator={moderator.username}&amp;action=remove&amp;page=2" rel="next"' in body
    assert "page 1 of 2" in body
    second = as_moderator.get(URL, {"moderator": moderator.username, "action": "remove", "page": 2})
    assert rows(second) == [event.pk for event in reversed(mine[:3])]
    assert f'href="?moderator={moderator.username}&amp;action=remove&amp;page=1" rel="prev"' in second.content.decode()


def test_the_page_needs_a_bounded_number_of_queries(as_moderator, moderator, other_moderator,
                                                    django_assert_max_num_queries):
    cameras = [camera_make(lon=20.45 + i / 1000) for i in range(5)]
    for camera in cameras:
        report_attach(report=report_make(), camera=camera, moderator=other_moderator)
        event_write(action=Action.REMOVE, camera=camera, moderator=moderator, reason="gone")
    camera_merge(camera=cameras[0], into=cameras[1], moderator=moderator)

    # session, user, moderator check, count, the page of events (their moderators joined)
    with django_assert_max_num_queries(6):
        response = as_moderator.get(URL)

    assert len(rows(response)) == 11


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL + "?camera=1")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/moderate/audit/%3Fcamera%3D1"


def test_volunteers_are_refused(client, volunteer, trusted):
    event_write(action=Action.REMOVE, camera=camera_make(), reason="a moderator's note")
    for user in (volunteer, trusted):
        client.force_login(user)
        response = client.get(URL)
        assert response.status_code == 403
        assert b"a moderator's note" not in response.content


def test_the_navigation_links_here_instead_of_the_admin(as_moderator):
    body = as_moderator.get("/moderate/").content.decode()
    assert f'<a href="{URL}">Audit trail</a>' in body
    assert "/admin/cameras/moderationevent/" not in body


def test_the_camera_page_links_to_its_full_audit_trail(as_moderator):
    camera = camera_make()
    body = as_moderator.get(f"/moderate/cameras/{camera.pk}/").content.decode()
    assert f'<a href="{URL}?camera={camera.pk}">Full audit trail of this camera</a>' in body


def test_the_report_page_links_to_its_full_audit_trail(as_moderator):
    report = report_make()
    body = as_moderator.get(f"/moderate/reports/{report.pk}/").content.decode()
    assert f'<a href="{URL}?report={report.pk}">Full audit trail of this report</a>' in body


@pytest.mark.parametrize("language, texts", [
    ("sr", ["Евиденција одлука", "Шта се догодило", "у камеру", "аутоматски"]),
    ("sr-latn", ["Evidencija odluka", "Šta se dogodilo", "u kameru", "automatski"]),
])
def test_the_page_speaks_serbian_in_both_scripts(as_moderator, moderator, language, texts):
    gone, survivor = camera_make(), camera_make(lon=20.4574)
    camera_merge(camera=gone, into=survivor, moderator=moderator)
    event_write(action=Action.REMOVE, camera=survivor)

    body = as_moderator.get(URL, headers={"accept-language": language}).content.decode()

    for text in texts:
        assert text in body
