"""Merging two cameras shows what will happen before it happens: the preview (directions, moved
and conflicting attributes, what moves, confirmations), and the merge doing what it showed."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cameramap.cameras import vocabulary as v
from cameramap.cameras.history import Action, ModerationEvent
from cameramap.cameras.models import Camera
from cameramap.moderation.errors import Conflict
from cameramap.moderation.merging import merge_plan
from cameramap.moderation.selectors import camera_merge_preview
from cameramap.moderation.services import camera_merge, report_attach
from cameramap.moderation.templatetags.moderation_tags import event_summary
from tests.factories import camera_make, report_make

pytestmark = pytest.mark.django_db


def sighting(camera, moderator, photo_make=None):
    report = report_make(lon=camera.location.x, lat=camera.location.y)
    if photo_make:
        photo_make(report)
    report_attach(report=report, camera=camera, moderator=moderator)
    return report


def test_merging_a_290_camera_into_a_110_one_keeps_both_directions(moderator):
    keep = camera_make(directions=[110])
    dup = camera_make(lon=20.45731, directions=[290, 110])

    camera_merge(camera=dup, into=keep, moderator=moderator)

    keep.refresh_from_db()
    assert keep.directions == [110, 290]  # the survivor's first, then the new one, each once
    event = ModerationEvent.objects.get(action=Action.MERGE)
    assert event.data["directions"] == {"source": [290, 110], "target": [110], "after": [110, 290]}


def test_the_preview_lists_moves_conflicts_and_what_moves(moderator, photo_make):
    keep = camera_make(directions=[110], operator="Grad Beograd", mount="", camera_type="dome",
                       confirmations=2, first_seen=date(2025, 3, 1), last_confirmed=date(2025, 6, 1))
    dup = camera_make(lon=20.45731, directions=[290], operator="MUP", mount="pole", camera_type="dome",
                      operator_type=v.OperatorType.POLICE, confirmations=1,
                      first_seen=date(2024, 1, 1), last_confirmed=date(2025, 2, 1), osm_type="node", osm_id=7)
    sighting(dup, moderator, photo_make)
    sighting(dup, moderator, photo_make)

    preview = camera_merge_preview(camera=dup, into=keep)

    assert (preview.camera, preview.into) == (dup.pk, keep.pk)
    assert preview.directions == [110, 290]
    assert preview.moves == {"mount": "pole", "operator_type": "police"}  # the survivor did not know these
    assert preview.conflicts == {"operator": ("MUP", "Grad Beograd")}  # both know it, and differ
    assert preview.choices == {"operator": "target"}  # the survivor's value unless chosen otherwise
    assert (preview.reports, preview.photos) == (2, 2)
    assert preview.confirmations == 2 + 3
    seen_today = Camera.objects.get(pk=dup.pk).last_confirmed  # the two sightings were attached today
    assert (preview.first_seen, preview.last_confirmed) == (date(2024, 1, 1), max(seen_today, date(2025, 6, 1)))
    assert preview.osm == ("node", 7)
    assert Camera.objects.get(pk=dup.pk).merged_into_id is None  # asking changed nothing


def test_a_conflict_keeps_the_survivors_value_by_default(moderator):
    keep = camera_make(operator="Grad Beograd")
    dup = camera_make(lon=20.45731, operator="MUP")

    camera_merge(camera=dup, into=keep, moderator=moderator)

    keep.refresh_from_db()
    assert keep.operator == "Grad Beograd"
    event = ModerationEvent.objects.get(action=Action.MERGE)
    assert event.data["choices"] == {"operator": "target"}
    assert event.data["conflicts"] == {"operator": ["MUP", "Grad Beograd"]}


def test_a_conflict_takes_the_moderators_choice(moderator):
    keep = camera_make(operator="Grad Beograd", height=4.0)
    dup = camera_make(lon=20.45731, operator="MUP", height=6.5)

    camera_merge(camera=dup, into=keep, moderator=moderator, choices={"operator": "source"})

    keep.refresh_from_db()
    assert (keep.operator, keep.height) == ("MUP", 4.0)
    event = ModerationEvent.objects.get(action=Action.MERGE)
    assert event.data["choices"] == {"operator": "source", "height": "target"}


def test_a_choice_that_is_not_a_conflict_of_the_merge_is_refused_by_name(moderator):
    keep, dup = camera_make(operator="A"), camera_make(lon=20.45731, operator="B")
    with pytest.raises(ValidationError) as unknown:
        camera_merge(camera=dup, into=keep, moderator=moderator, choices={"colour": "source"})
    assert unknown.value.message_dict == {"choices": ["Unknown field: colour."]}
    with pytest.raises(ValidationError) as agreed:
        camera_merge(camera=dup, into=keep, moderator=moderator, choices={"mount": "source"})
    assert "mount" in agreed.value.message_dict["choices"][0]
    with pytest.raises(ValidationError) as neither:
        camera_merge(camera=dup, into=keep, moderator=moderator, choices={"operator": "both"})
    assert "operator" in neither.value.message_dict["choices"][0]
    assert Camera.objects.get(pk=dup.pk).merged_into_id is None


def test_directions_beyond_the_maximum_are_a_conflict_the_moderator_resolves(moderator):
    mine, theirs = [0, 45, 90, 135, 180], [200, 225, 270, 315]  # nine together; a camera has at most eight
    keep, dup = camera_make(directions=mine), camera_make(lon=20.45731, directions=theirs)

    preview = camera_merge_preview(camera=dup, into=keep)
    assert preview.conflicts == {"directions": (theirs, mine)}
    assert preview.directions == mine

    camera_merge(camera=dup, into=keep, moderator=moderator, choices={"directions": "source"})
    assert Camera.objects.get(pk=keep.pk).directions == theirs


def test_a_merge_whose_preview_changed_since_is_refused(moderator):
    keep, dup, third = camera_make(), camera_make(lon=20.45731, directions=[90]), camera_make(lon=20.45732, directions=[180])
    shown = camera_merge_preview(camera=dup, into=keep).digest
    camera_merge(camera=third, into=dup, moderator=moderator)  # meanwhile, another merge

    with pytest.raises(Conflict) as changed:
        camera_merge(camera=dup, into=keep, moderator=moderator, digest=shown)

    assert changed.value.code == "merge_changed"
    assert Camera.objects.get(pk=dup.pk).merged_into_id is None
    fresh = camera_merge_preview(camera=dup, into=keep).digest
    assert camera_merge(camera=dup, into=keep, moderator=moderator, digest=fresh).directions == [90, 180]


def test_dates_widen_over_the_known_ones():
    keep = Camera(pk=1, first_seen=None, last_confirmed=date(2025, 6, 1), confirmations=1)
    dup = Camera(pk=2, first_seen=date(2024, 1, 1), last_confirmed=None, confirmations=1)
    plan = merge_plan(dup, keep, reports=0, photos=0)
    assert (plan.first_seen, plan.last_confirmed) == (date(2024, 1, 1), date(2025, 6, 1))
    neither = merge_plan(Camera(pk=2, confirmations=0), Camera(pk=1, confirmations=0), reports=0, photos=0)
    assert (neither.first_seen, neither.last_confirmed) == (None, None)


def test_the_merge_event_names_both_cameras_and_what_was_chosen(moderator):
    keep = camera_make(directions=[110], operator="Grad Beograd", mount="wall")
    dup = camera_make(lon=20.45731, directions=[290], operator="MUP", mount="pole")
    sighting(dup, moderator)
    camera_merge(camera=dup, into=keep, moderator=moderator, choices={"operator": "source"})

    event = ModerationEvent.objects.get(action=Action.MERGE)

    assert event.camera_id == dup.pk and event.data["camera"] == dup.pk and event.data["into"] == keep.pk
    assert event_summary(event) == (
        f"Camera {dup.pk} merged into camera {keep.pk}; 1 sightings moved. "
        f"Directions: camera {keep.pk} 110°, camera {dup.pk} 290° → 110°, 290°. "
        f"Conflicts resolved with camera {dup.pk}'s value: operator. "
        f"Conflicts resolved with camera {keep.pk}'s value: mount."
    )


def test_a_merge_event_written_before_the_preview_still_reads(moderator):
    keep, dup = camera_make(), camera_make(lon=20.45731)
    event = ModerationEvent.objects.create(camera=dup, moderator=moderator, action=Action.MERGE,
                                           data={"into": keep.pk, "reports": [1, 2], "confirmations": 1, "filled": {}})
    assert event_summary(event) == f"Camera {dup.pk} merged into camera {keep.pk}; 2 sightings moved."
