"""Merging two cameras that are one, and splitting a wrongly attached sighting out again."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cameramap.cameras.models import Camera, Photo, Report
from cameramap.cameras.history import Action, ModerationEvent, camera_history
from cameramap.moderation.services import camera_merge, camera_split, report_attach
from tests.factories import camera_make, report_make

pytestmark = pytest.mark.django_db


def sighting(camera, moderator, photo_make=None, **fields):
    report = report_make(lon=camera.location.x, lat=camera.location.y, **fields)
    if photo_make:
        photo_make(report)
    report_attach(report=report, camera=camera, moderator=moderator)
    return Report.objects.get(pk=report.pk)


def test_merging_moves_every_sighting_and_photo_and_leaves_a_redirect(moderator, photo_make):
    keep = camera_make(confirmations=1, first_seen=date(2025, 3, 1), last_confirmed=date(2025, 3, 1), mount="")
    dup = camera_make(lon=20.45731, confirmations=1, first_seen=date(2024, 1, 1), last_confirmed=date(2024, 1, 1),
                      mount="pole", operator="Grad Beograd", osm_type="node", osm_id=42)
    first, second = sighting(dup, moderator, photo_make), sighting(dup, moderator, photo_make)

    result = camera_merge(camera=dup, into=keep, moderator=moderator)

    keep.refresh_from_db()
    dup.refresh_from_db()
    assert result.pk == keep.pk
    assert set(Report.objects.filter(camera=keep).values_list("pk", flat=True)) == {first.pk, second.pk}
    assert Photo.objects.filter(report__camera=keep).count() == 2
    assert keep.confirmations == 1 + 3  # dup had its own sighting plus two reports
    assert keep.first_seen == date(2024, 1, 1)
    assert (keep.mount, keep.operator, keep.osm_id) == ("pole", "Grad Beograd", 42)  # unknown filled from the duplicate
    assert dup.merged_into_id == keep.pk and not dup.published and dup.osm_id is None
    assert Camera.objects.resolve(dup.pk).pk == keep.pk
    event = ModerationEvent.objects.get(action=Action.MERGE)
    assert event.camera_id == dup.pk and event.data["into"] == keep.pk
    assert sorted(event.data["reports"]) == sorted([first.pk, second.pk])


def test_merging_twice_keeps_redirects_one_hop(moderator):
    a, b, c = camera_make(), camera_make(lon=20.4574), camera_make(lon=20.4575)
    camera_merge(camera=a, into=b, moderator=moderator)
    camera_merge(camera=b, into=c, moderator=moderator)
    assert Camera.objects.get(pk=a.pk).merged_into_id == c.pk
    assert Camera.objects.get(pk=c.pk).confirmations == 3


def test_merge_refuses_itself_and_merged_cameras(moderator):
    a, b = camera_make(), camera_make(lon=20.4574)
    with pytest.raises(ValidationError) as itself:
        camera_merge(camera=a, into=a, moderator=moderator)
    assert "into" in itself.value.message_dict
    camera_merge(camera=a, into=b, moderator=moderator)
    with pytest.raises(ValidationError) as again:
        camera_merge(camera=a, into=b, moderator=moderator)
    assert "camera" in again.value.message_dict
    with pytest.raises(ValidationError) as into_merged:
        camera_merge(camera=camera_make(lon=20.4576), into=a, moderator=moderator)
    assert "into" in into_merged.value.message_dict


def test_a_wrong_merge_is_undone_by_splitting_the_sightings_out(moderator, photo_make):
    north = camera_make(lat=44.8177, directions=[0])
    south = camera_make(lat=44.8175, directions=[180])
    from_south = [sighting(south, moderator, photo_make, directions=[180]) for _ in range(2)]
    camera_merge(camera=south, into=north, moderator=moderator)
    assert Camera.objects.get(pk=north.pk).confirmations == 4

    new = camera_split(camera=north, reports=from_south, moderator=moderator)

    new.refresh_from_db()
    north.refresh_from_db()
    assert new.pk not in (north.pk, south.pk) and new.published
    assert new.directions == [180] and new.confirmations == 2
    assert set(Report.objects.filter(camera=new).values_list("pk", flat=True)) == {r.pk for r in from_south}
    assert Photo.objects.filter(report__camera=new).count() == 2
    assert north.confirmations == 2
    actions = [(e.action, e.camera_id) for e in ModerationEvent.objects.filter(action=Action.SPLIT)]
    assert actions == [(Action.SPLIT, north.pk), (Action.SPLIT, new.pk)]


def test_split_refuses_reports_that_are_not_sightings_of_the_camera(moderator):
    camera, other = camera_make(), camera_make(lon=20.46)
    stranger = sighting(other, moderator)
    pending = report_make()
    with pytest.raises(ValidationError) as error:
        camera_split(camera=camera, reports=[stranger, pending], moderator=moderator)
    assert f"{stranger.pk}, {pending.pk}" in error.value.message_dict["reports"][0]
    with pytest.raises(ValidationError):
        camera_split(camera=camera, reports=[], moderator=moderator)


def test_a_crowd_camera_keeps_at_least_one_sighting(moderator):
    from cameramap.moderation.services import report_approve

    report = report_make()
    camera = report_approve(report=report, moderator=moderator)
    with pytest.raises(ValidationError):
        camera_split(camera=camera, reports=[report], moderator=moderator)


def test_camera_history_shows_its_own_its_sightings_and_merged_cameras_events_newest_first(moderator):
    keep, dup = camera_make(), camera_make(lon=20.4574)
    sighting(dup, moderator)
    camera_merge(camera=dup, into=keep, moderator=moderator)

    history = list(camera_history(keep))

    assert [e.action for e in history] == [Action.MERGE, Action.ATTACH]
    assert history[0].created_at >= history[1].created_at
