"""The detector's boxes are reviewed before publication: the processed image is kept unblurred in
private storage until the decision, the moderator turns boxes off or adds some, and the
published image is made from that choice. Real photos, the real pipeline, the real detector."""

import io
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from PIL import Image

from cameramap.cameras.history import Action, ModerationEvent
from cameramap.cameras.models import Photo, Report
from cameramap.moderation import tasks
from cameramap.moderation.services import report_approve, report_attach, report_reject
from tests.factories import camera_make, report_make
from tests.photos.support import metadata_left, photo_bytes

from .conftest import WITH_A_FACE

pytestmark = pytest.mark.django_db

@pytest.fixture
def api(moderator_api):
    return moderator_api


def pixels(data: bytes, box: dict) -> np.ndarray:
    image = Image.open(io.BytesIO(data)).convert("RGB")
    w, h = image.size
    region = (int(box["x"] * w), int(box["y"] * h), int((box["x"] + box["w"]) * w), int((box["y"] + box["h"]) * h))
    return np.asarray(image.crop(region), dtype=float)


def difference(a: bytes, b: bytes, box: dict) -> float:
    return float(np.abs(pixels(a, box) - pixels(b, box)).mean())


def read(file) -> bytes:
    with file.open("rb") as stored:
        return stored.read()


def choose(api, photo, boxes):
    return api.put(f"/api/v1/moderation/photos/{photo.pk}/blur", {"boxes": boxes}, format="json")


def test_processing_keeps_the_unblurred_image_privately_and_the_public_one_blurred(review_photo):
    photo = review_photo()
    [face] = photo.blur_boxes
    assert face["kind"] == "face"
    private = Path(settings.PRIVATE_MEDIA_ROOT, photo.unblurred.name)
    assert private.is_file() and not private.is_relative_to(Path(settings.MEDIA_ROOT))
    unblurred, public = private.read_bytes(), read(photo.image)
    # The processed image, not the original: stripped, re-encoded at the display size.
    assert metadata_left(unblurred) == {"exif_tags": [], "markers": []}
    assert Image.open(io.BytesIO(unblurred)).size == (photo.width, photo.height)
    assert unblurred != photo_bytes(WITH_A_FACE)
    # The public image is blurred where the face is, and only there.
    assert difference(unblurred, public, face) > 8
    assert difference(unblurred, public, {"x": 0.1, "y": 0.1, "w": 0.3, "h": 0.3}) < 3


def test_turning_a_box_off_publishes_that_area_unblurred(review_photo, api, moderator):
    photo = review_photo()
    [face] = photo.blur_boxes
    unblurred, blurred_version = read(photo.unblurred), read(photo.image)

    response = choose(api, photo, [{**face, "on": False}])
    assert response.status_code == 200, response.content
    assert response.json()["blur_boxes"] == [{**face, "on": False}] and response.json()["under_review"] is True
    # Until the decision the public image stays blurred.
    photo.refresh_from_db()
    assert read(photo.image) == blurred_version

    report_approve(report=photo.report, moderator=moderator)
    photo.refresh_from_db()
    published = read(photo.image)
    assert difference(published, unblurred, face) < 3  # only a re-encoding apart
    assert difference(published, blurred_version, face) > 8
    assert not photo.unblurred.name  # the copy went at the decision
    event = ModerationEvent.objects.get(action=Action.BLUR)
    assert event.moderator == moderator
    assert event.data == {"photo": photo.pk, "boxes": [], "off": [face]}


def test_adding_a_box_blurs_it_at_once_and_in_the_published_image(review_photo, api, moderator):
    photo = review_photo()
    [face] = photo.blur_boxes
    unblurred = read(photo.unblurred)
    added = {"x": 0.2, "y": 0.3, "w": 0.25, "h": 0.25}
    assert difference(read(photo.image), unblurred, added) < 3

    response = choose(api, photo, [face, added])
    assert response.status_code == 200, response.content
    assert response.json()["blur_boxes"] == [face | {"on": True}, {**added, "kind": "manual", "on": True}]
    photo.refresh_from_db()
    assert difference(read(photo.image), unblurred, added) > 8  # the public copy, before the decision

    camera = camera_make()
    report_attach(report=photo.report, camera=camera, moderator=moderator)
    photo.refresh_from_db()
    published = read(photo.image)
    assert difference(published, unblurred, added) > 8 and difference(published, unblurred, face) > 8
    assert ModerationEvent.objects.get(action=Action.BLUR).data == {"photo": photo.pk, "boxes": [{**added, "kind": "manual"}]}


def test_turning_a_box_on_again_is_audited_too(review_photo, api, moderator):
    photo = review_photo()
    [face] = photo.blur_boxes
    assert choose(api, photo, [{**face, "on": False}]).status_code == 200
    assert choose(api, photo, [{**face, "on": False}]).status_code == 200  # no change, no event
    assert choose(api, photo, [face]).status_code == 200
    events = ModerationEvent.objects.filter(action=Action.BLUR).order_by("id")
    assert [sorted(k for k in e.data if k not in ("photo", "boxes")) for e in events] == [["off"], ["on"]]

    blurred_version = read(Photo.objects.get(pk=photo.pk).image)
    report_approve(report=photo.report, moderator=moderator)
    assert read(Photo.objects.get(pk=photo.pk).image) == blurred_version  # every box on: published as blurred


def test_rejecting_publishes_nothing_and_deletes_the_copy(review_photo, api, moderator, django_capture_on_commit_callbacks):
    photo = review_photo()
    [face] = photo.blur_boxes
    choose(api, photo, [{**face, "on": False}])
    image, copy = photo.image.name, Path(settings.PRIVATE_MEDIA_ROOT, photo.unblurred.name)
    with django_capture_on_commit_callbacks(execute=True):
        report_reject(report=photo.report, moderator=moderator, reason="not_a_camera")
    photo.refresh_from_db()
    assert photo.image.name == image and not photo.unblurred.name and not copy.exists()


def test_the_unblurred_copy_is_deleted_after_the_decision(review_photo, moderator, django_capture_on_commit_callbacks):
    photo = review_photo()
    copy = Path(settings.PRIVATE_MEDIA_ROOT, photo.unblurred.name)
    with django_capture_on_commit_callbacks(execute=True):
        report_approve(report=photo.report, moderator=moderator)
    assert not copy.exists() and not Photo.objects.get(pk=photo.pk).unblurred.name


def test_with_keep_days_the_cleanup_deletes_the_copy_later(
    review_photo, api, moderator, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.BLUR_REVIEW_KEEP_DAYS = 3
    photo = review_photo()
    [face] = photo.blur_boxes
    choose(api, photo, [{**face, "on": False}])
    copy = Path(settings.PRIVATE_MEDIA_ROOT, photo.unblurred.name)
    report_approve(report=photo.report, moderator=moderator)
    photo.refresh_from_db()
    assert copy.exists() and photo.unblurred.name
    assert difference(read(photo.image), read(photo.unblurred), face) < 3  # published as chosen all the same

    sent = []
    monkeypatch.setattr(tasks.unblurred_copy_delete, "delay", lambda photo_id: sent.append(photo_id))
    assert tasks.unblurred_copies_sweep() == 0 and sent == []
    assert tasks.unblurred_copy_delete(photo.pk) is False and copy.exists()  # too early: kept

    Report.objects.filter(pk=photo.report_id).update(decided_at=timezone.now() - timedelta(days=3, minutes=1))
    assert tasks.unblurred_copies_sweep() == 1 and sent == [photo.pk]
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.unblurred_copy_delete(photo.pk) is True
    assert not copy.exists() and not Photo.objects.get(pk=photo.pk).unblurred.name
    assert tasks.unblurred_copy_delete(photo.pk) is False  # a second delivery does nothing


def test_the_unblurred_image_is_for_moderators_only(review_photo, client, moderator, volunteer):
    photo = review_photo()
    url = f"/moderate/photos/{photo.pk}/unblurred.jpg"
    assert client.get(url).status_code == 403
    client.force_login(volunteer)
    assert client.get(url).status_code == 403

    moderators = Client()
    moderators.force_login(moderator)
    response = moderators.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == read(photo.unblurred)
    # Nowhere among the public files, and gone with the decision.
    assert not Path(settings.MEDIA_ROOT, photo.unblurred.name).exists()
    report_reject(report=photo.report, moderator=moderator, reason="not_a_camera")
    assert moderators.get(url).status_code == 404


def test_the_review_page_shows_the_boxes_over_the_private_image(review_photo, client, moderator):
    photo = review_photo()
    client.force_login(moderator)
    page = client.get(f"/moderate/reports/{photo.report_id}/").content.decode()
    assert f'data-unblurred="/moderate/photos/{photo.pk}/unblurred.jpg"' in page
    assert '"kind": "face"' in page and "1 area found to blur" in page


def test_boxes_can_be_turned_off_but_not_removed(review_photo, api):
    photo = review_photo()
    [face] = photo.blur_boxes
    moved = {**face, "x": face["x"] - 0.1}
    for boxes in ([{"x": 0.1, "y": 0.1, "w": 0.1, "h": 0.1}], [moved], [{**face, "on": "no"}]):
        response = choose(api, photo, boxes)
        assert response.status_code == 400 and "boxes" in response.json()
    assert Photo.objects.get(pk=photo.pk).blur_boxes == [face]
    assert not ModerationEvent.objects.filter(action=Action.BLUR).exists()


def test_after_the_decision_the_choice_is_closed_and_boxes_blur_in_place(review_photo, api, moderator):
    photo = review_photo()
    [face] = photo.blur_boxes
    report_approve(report=photo.report, moderator=moderator)
    assert choose(api, photo, [{**face, "on": False}]).status_code == 409
    box = {"x": 0.1, "y": 0.1, "w": 0.2, "h": 0.2}
    before = read(Photo.objects.get(pk=photo.pk).image)
    response = api.post(f"/api/v1/moderation/photos/{photo.pk}/blur", {"boxes": [box]}, format="json")
    assert response.status_code == 200 and response.json()["under_review"] is False
    assert difference(read(Photo.objects.get(pk=photo.pk).image), before, box) > 8


def test_photos_processed_before_keep_their_image_at_the_decision(photo_make, moderator):
    """No unblurred copy: the stored image is already what is published, as it always was."""
    report = report_make()
    photo = photo_make(report)
    image = photo.image.name
    report_approve(report=report, moderator=moderator)
    photo.refresh_from_db()
    assert photo.image.name == image and Report.objects.get(pk=report.pk).status == "approved"
