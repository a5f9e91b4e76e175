import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from PIL import Image

from cameramap.cameras.models import Photo
from cameramap.cameras.services import photos as photo_services
from cameramap.moderation import tasks
from cameramap.moderation.groups import TRUSTED
from tests.factories import report_make
from tests.photos.support import photo_bytes

# A real photo with one bystander's face, which the detector finds near the right edge (640 × 480).
WITH_A_FACE = "jpg_gps_DSCN0012.jpg"


@pytest.fixture
def volunteer(django_user_model):
    return django_user_model.objects.create_user(username="vol", password="vol-password-1")


@pytest.fixture
def trusted(django_user_model):
    user = django_user_model.objects.create_user(username="trusty", password="trusty-password-1")
    user.groups.add(Group.objects.get(name=TRUSTED))
    return user


@pytest.fixture
def other_moderator(django_user_model):
    from cameramap.moderation.accounts import moderator_ensure

    user, _password = moderator_ensure(username="mod2", password="mod2-password-1")
    return user


def jpeg(color=(120, 140, 160), size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def photo_make():
    """A processed photo as the photo pipeline leaves it (fields set directly)."""

    def make(report, *, state="done", phash="c3c3c3c33c3c3c3c", exif=None, heading=None, color=(120, 140, 160)):
        photo = Photo(report=report, state=state, phash=phash if state == "done" else "", exif_location=exif, exif_heading=heading)
        if state == "done":
            photo.image.save(f"r{report.pk}.jpg", ContentFile(jpeg(color, (320, 240))), save=False)
            photo.thumbnail.save(f"r{report.pk}-t.jpg", ContentFile(jpeg(color)), save=False)
        photo.save()
        return photo

    return make


@pytest.fixture
def review_photo(monkeypatch, django_capture_on_commit_callbacks):
    """make(report) → a photo of the report processed by the pipeline, as the moderator finds it."""
    monkeypatch.setattr(tasks.report_precheck, "delay", lambda report_id: None)

    def make(report=None, name=WITH_A_FACE):
        report = report or report_make()
        photo = Photo(report=report)
        photo.original.save(f"test-{name}", ContentFile(photo_bytes(name)), save=False)
        photo.save()
        with django_capture_on_commit_callbacks(execute=True):
            photo_services.photo_process(photo=photo)
        photo.refresh_from_db()
        return photo

    return make
