"""Moderators blur what the detector missed, before a photo is published. The stored display
image is blurred in place of the original (which is gone by then) and the thumbnail made anew;
the old files are deleted once the change has committed."""

import io
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image

from cameramap.cameras.history import Action, event_write
from cameramap.cameras.models import Photo
from cameramap.cameras.vocabulary import PhotoState
from cameramap.photos.blur import Box, blurred
from cameramap.photos.render import JPEG_QUALITY, THUMBNAIL_PX, fitted, jpeg_bytes

from ..errors import Conflict

MAX_BOXES = 20


def blur_boxes_parse(values) -> list[Box]:
    """Raises ValidationError naming `boxes` for anything but 1..MAX_BOXES rectangles inside the image."""
    if not isinstance(values, list) or not 1 <= len(values) <= MAX_BOXES:
        raise ValidationError({"boxes": [_("Give between 1 and %(max)d rectangles.") % {"max": MAX_BOXES}]})
    try:
        return [Box.from_dict(value) if isinstance(value, dict) else Box.from_dict({}) for value in values]
    except ValueError as error:
        raise ValidationError({"boxes": [str(error)]}) from error


def photo_blur(*, photo: Photo, boxes: list[Box], moderator) -> Photo:
    written: list[tuple] = []
    try:
        with transaction.atomic():
            photo = Photo.objects.select_for_update().select_related("report").get(pk=photo.pk)
            if photo.state != PhotoState.DONE or not photo.image.name:
                raise Conflict(_("Only a processed photo can be blurred."), code="not_processed")
            with photo.image.open("rb") as stored:
                image = Image.open(io.BytesIO(stored.read()))
                image.load()
            image = blurred(image.convert("RGB"), [Box(b.x, b.y, b.w, b.h, "manual") for b in boxes])
            display, thumbnail = jpeg_bytes(image, JPEG_QUALITY), jpeg_bytes(fitted(image, THUMBNAIL_PX), JPEG_QUALITY)
            old = [(photo.image.storage, photo.image.name), (photo.thumbnail.storage, photo.thumbnail.name)]
            stem = uuid4().hex
            for field, content in (("image", display), ("thumbnail", thumbnail)):
                file_field = Photo._meta.get_field(field)
                name = file_field.storage.save(file_field.generate_filename(photo, f"{stem}.jpg"), ContentFile(content))
                written.append((file_field.storage, name))
                setattr(photo, field, name)
            photo.size_bytes = len(display)
            photo.blur_boxes = [*photo.blur_boxes, *(Box(b.x, b.y, b.w, b.h, "manual").as_dict() for b in boxes)]
            photo.save(update_fields=["image", "thumbnail", "size_bytes", "blur_boxes"])
            event_write(
                action=Action.BLUR, report=photo.report, camera=photo.report.camera, moderator=moderator,
                data={"photo": photo.pk, "boxes": [Box(b.x, b.y, b.w, b.h, "manual").as_dict() for b in boxes]},
            )
            for storage, name in old:
                transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    except BaseException:
        for storage, name in written:  # the change did not happen: leave no new file behind
            storage.delete(name)
        raise
    return photo
