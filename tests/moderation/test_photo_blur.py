"""Moderators blur what the detector missed; the stored files change for good, audited."""

import io

import numpy as np
import pytest
from django.core.files.base import ContentFile
from PIL import Image
from rest_framework.test import APIClient

from cameramap.cameras.models import Photo
from cameramap.cameras.history import Action, ModerationEvent
from tests.factories import report_make

pytestmark = pytest.mark.django_db


def jpeg(size=(400, 300)) -> bytes:
    rng = np.random.default_rng(7)
    buffer = io.BytesIO()
    Image.fromarray(rng.integers(0, 255, (size[1], size[0], 3), dtype=np.uint8)).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


@pytest.fixture
def photo():
    photo = Photo(report=report_make(), state="done", width=400, height=300)
    photo.image.save("display.jpg", ContentFile(jpeg()), save=False)
    photo.thumbnail.save("thumb.jpg", ContentFile(jpeg((160, 120))), save=False)
    photo.save()
    return photo


def detail(image_field, box) -> float:
    image = Image.open(image_field).convert("L")
    w, h = image.size
    crop = image.crop((int(box["x"] * w), int(box["y"] * h), int((box["x"] + box["w"]) * w), int((box["y"] + box["h"]) * h)))
    return float(np.abs(np.diff(np.asarray(crop, dtype=float), axis=1)).mean())


def test_a_moderator_blurs_a_rectangle_and_it_is_audited(photo, moderator):
    box = {"x": 0.25, "y": 0.25, "w": 0.3, "h": 0.3}
    before = detail(photo.image, box)
    old_name = photo.image.name
    api = APIClient()
    api.force_authenticate(moderator)
    response = api.post(f"/api/v1/moderation/photos/{photo.pk}/blur", {"boxes": [box]}, format="json")
    assert response.status_code == 200, response.content
    photo.refresh_from_db()
    assert photo.image.name != old_name
    assert response.json()["blur_boxes"] == [{**box, "kind": "manual"}]
    assert detail(photo.image, box) < before / 3
    event = ModerationEvent.objects.get(action=Action.BLUR)
    assert event.moderator == moderator and event.data["photo"] == photo.pk


@pytest.mark.parametrize("boxes", [[], [{"x": 0.9, "y": 0, "w": 0.5, "h": 0.1}], "everything", [{"x": 0}]])
def test_bad_rectangles_are_400_naming_boxes(photo, moderator, boxes):
    api = APIClient()
    api.force_authenticate(moderator)
    response = api.post(f"/api/v1/moderation/photos/{photo.pk}/blur", {"boxes": boxes}, format="json")
    assert response.status_code == 400 and "boxes" in response.json()
    assert ModerationEvent.objects.filter(action=Action.BLUR).count() == 0


def test_only_moderators_may_blur(photo, django_user_model):
    api = APIClient()
    box = {"boxes": [{"x": 0.1, "y": 0.1, "w": 0.1, "h": 0.1}]}
    assert api.post(f"/api/v1/moderation/photos/{photo.pk}/blur", box, format="json").status_code == 401
    api.force_authenticate(django_user_model.objects.create_user("volunteer"))
    assert api.post(f"/api/v1/moderation/photos/{photo.pk}/blur", box, format="json").status_code == 403


def test_huge_ids_are_404_not_a_crash(client, moderator):
    api = APIClient()
    api.force_authenticate(moderator)
    assert api.post(f"/api/v1/moderation/photos/{10**30}/blur", {"boxes": []}, format="json").status_code == 404
    assert client.get(f"/api/v1/cameras/{10**30}/").status_code == 404
    assert client.get(f"/cameras/{10**30}/").status_code == 404
