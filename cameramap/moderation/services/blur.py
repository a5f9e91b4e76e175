"""Blurring in the moderators' hands: the detector's boxes are checked before anything is
published, and moderators add what it missed.

A photo processed with an unblurred copy (``Photo.unblurred``, private storage) is *under
review* while its report is pending. Its ``blur_boxes`` are then the moderator's choice: each
box found by the detector or drawn by a moderator, those turned off marked ``"on": false``.
Meanwhile the public files stay blurred with every box recorded, off or on: at least as blurred
as the detector left them, and a box added blurs them at once. At the decision
(``report_photos_settle``, called by decisions.py) the published image is made from the
unblurred copy with the boxes that are on, and the copy goes (or is kept BLUR_REVIEW_KEEP_DAYS
days, for the cleanup task to delete). A false positive never has to hide the camera.

Any other photo — processed before the copy existed, or its report decided — is blurred in
place: a box added changes the stored image for good, as it always did.

Every change of boxes is an event of the report's history (Action.BLUR). Changing the choice of
a photo under review is acting on its report: the report becomes the moderator's (the review
lock, locks.py), and a moderator who does not hold it while another does is refused."""

import io
import logging
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image

from cameramap.cameras.history import Action, event_write
from cameramap.cameras.models import Photo, Report
from cameramap.cameras.services.photos import file_forget
from cameramap.cameras.vocabulary import PhotoState, ReportStatus
from cameramap.photos.blur import Box, blurred
from cameramap.photos.render import JPEG_QUALITY, THUMBNAIL_PX, fitted, jpeg_bytes

from .. import selectors
from ..errors import Conflict
from .locks import review_lock_take

log = logging.getLogger(__name__)

MAX_BOXES = 20  # added in one request
MAX_CHOICE = 60  # recorded for one photo: the detector's and the moderators'


def blur_boxes_parse(values) -> list[Box]:
    """Raises ValidationError naming `boxes` for anything but 1..MAX_BOXES rectangles inside the image."""
    if not isinstance(values, list) or not 1 <= len(values) <= MAX_BOXES:
        raise ValidationError({"boxes": [_("Give between 1 and %(max)d rectangles.") % {"max": MAX_BOXES}]})
    return [_box(value) for value in values]


def blur_choice_parse(values) -> list[dict]:
    """The whole choice for a photo under review: rectangles inside the image, each with ``on``
    (true when left out). Raises ValidationError naming `boxes`."""
    if not isinstance(values, list) or not 1 <= len(values) <= MAX_CHOICE:
        raise ValidationError({"boxes": [_("Give between 1 and %(max)d rectangles.") % {"max": MAX_CHOICE}]})
    choice = []
    for value in values:
        on = value.get("on", True) if isinstance(value, dict) else None
        if not isinstance(on, bool):
            raise ValidationError({"boxes": [_("Each rectangle's \"on\" is true or false.")]})
        choice.append({**_box(value).as_dict(), "on": on})
    return choice


def _box(value) -> Box:
    try:
        return Box.from_dict(value if isinstance(value, dict) else {})
    except ValueError as error:
        raise ValidationError({"boxes": [str(error)]}) from error


def box_on(value: dict) -> bool:
    return value.get("on", True) is not False


def _place(value: dict) -> tuple:
    return tuple(Box.from_dict(value).as_dict().values())  # x, y, w, h, kind


def photo_under_review(photo: Photo) -> bool:
    return bool(photo.unblurred.name) and photo.report.status == ReportStatus.PENDING


def _photo_locked(photo: Photo) -> Photo:
    # The report first, then the photo: the order the decisions lock them in.
    Report.objects.select_for_update().filter(pk=photo.report_id).first()
    photo = Photo.objects.select_for_update().select_related("report").get(pk=photo.pk)
    if photo.state != PhotoState.DONE or not photo.image.name:
        raise Conflict(_("Only a processed photo can be blurred."), code="not_processed")
    return photo


def _report_hold(photo: Photo, moderator) -> None:
    if moderator is not None:
        review_lock_take(report=photo.report, moderator=moderator)


def photo_blur(*, photo: Photo, boxes: list[Box], moderator) -> Photo:
    """Blur more rectangles: in the choice of a photo under review, else in place for good."""
    added = [{**Box(b.x, b.y, b.w, b.h, "manual").as_dict(), "on": True} for b in boxes]
    with _files_written() as written, transaction.atomic():
        photo = _photo_locked(photo)
        if photo_under_review(photo):
            _report_hold(photo, moderator)
            return _choice_save(photo, [*photo.blur_boxes, *added], moderator=moderator, written=written)
        image = _image_read(photo.image)
        _files_write(photo, blurred(image, [Box.from_dict(b) for b in added]), written)
        photo.blur_boxes = [*photo.blur_boxes, *({k: v for k, v in b.items() if k != "on"} for b in added)]
        photo.save(update_fields=["image", "thumbnail", "size_bytes", "blur_boxes"])
        _event(photo, moderator, added=added)
    return photo


def photo_blur_choose(*, photo: Photo, boxes: list[dict], moderator) -> Photo:
    """The moderator's choice for a photo under review: the recorded boxes in their order, each
    on or off, then any new rectangles (which are the moderator's own: kind ``manual``)."""
    with _files_written() as written, transaction.atomic():
        photo = _photo_locked(photo)
        if not photo_under_review(photo):
            raise Conflict(_("This photo's blurring is no longer under review: blurred areas can only be added."),
                           code="not_under_review")
        _report_hold(photo, moderator)
        recorded = photo.blur_boxes
        if len(boxes) < len(recorded) or any(_place(old) != _place(new) for old, new in zip(recorded, boxes)):
            raise ValidationError({"boxes": [_("Keep the recorded rectangles in their order: they can be turned off, not removed.")]})
        choice = [{**old, "on": new["on"]} for old, new in zip(recorded, boxes)]
        choice += [{**new, "kind": "manual"} for new in boxes[len(recorded):]]
        return _choice_save(photo, choice, moderator=moderator, written=written)


def _choice_save(photo: Photo, choice: list[dict], *, moderator, written: list) -> Photo:
    if len(choice) > MAX_CHOICE:
        raise ValidationError({"boxes": [_("At most %(max)d rectangles per photo.") % {"max": MAX_CHOICE}]})
    recorded = photo.blur_boxes
    added = choice[len(recorded):]
    turned = [(old, new) for old, new in zip(recorded, choice) if box_on(old) != box_on(new)]
    if not added and not turned:
        return photo
    fields = ["blur_boxes"]
    if added:  # the public files, until the decision: blurred with every box recorded
        image = _image_read(photo.unblurred)
        _files_write(photo, blurred(image, [Box.from_dict(b) for b in choice]), written)
        fields += ["image", "thumbnail", "size_bytes"]
    photo.blur_boxes = choice
    photo.save(update_fields=fields)
    _event(photo, moderator, added=added, on=[new for _old, new in turned if box_on(new)],
           off=[new for _old, new in turned if not box_on(new)])
    return photo


def report_photos_settle(*, report: Report, publish: bool) -> None:
    """At the decision, inside its transaction: with ``publish`` (approved, attached, merged),
    each photo under review is published as the moderator chose, from its unblurred copy; the
    copies go now, or after BLUR_REVIEW_KEEP_DAYS (photo_unblurred_delete). A rejected report
    publishes nothing and its copies go now."""
    keep = publish and settings.BLUR_REVIEW_KEEP_DAYS > 0
    with _files_written() as written:
        for photo in Photo.objects.select_for_update().filter(report=report).exclude(unblurred=""):
            fields = []
            if publish and photo.state == PhotoState.DONE and not all(box_on(b) for b in photo.blur_boxes):
                fields += _publish(photo, written)
            if not keep:
                file_forget(photo.unblurred)
                fields.append("unblurred")
            if fields:
                photo.save(update_fields=fields)


def _publish(photo: Photo, written: list) -> list[str]:
    """Boxes were turned off: the public files, blurred with every box, are made anew from the
    unblurred copy with those that are on. (With every box on they already are what the
    moderator chose.) A copy that cannot be read leaves the more blurred files published."""
    try:
        image = _image_read(photo.unblurred)
    except (FileNotFoundError, OSError):
        log.warning("photo %s: unblurred copy unreadable; published as blurred", photo.pk)
        return []
    _files_write(photo, blurred(image, [Box.from_dict(b) for b in photo.blur_boxes if box_on(b)]), written)
    return ["image", "thumbnail", "size_bytes"]


@transaction.atomic
def photo_unblurred_delete(*, photo_id: int) -> bool:
    """Delete the unblurred copy of a photo whose report was decided BLUR_REVIEW_KEEP_DAYS days
    ago or more. Returns whether it did; a second call, or one for a photo still under review or
    kept a while longer, does nothing."""
    photo = selectors.photos_unblurred_expired().select_for_update().filter(pk=photo_id).first()
    if photo is None:
        return False
    file_forget(photo.unblurred)
    photo.save(update_fields=["unblurred"])
    return True


def _event(photo: Photo, moderator, *, added: list[dict], on: list[dict] = (), off: list[dict] = ()) -> None:
    def plain(boxes):
        return [Box.from_dict(b).as_dict() for b in boxes]

    data = {"photo": photo.pk, "boxes": plain(added)}
    data.update({key: plain(boxes) for key, boxes in (("on", on), ("off", off)) if boxes})
    event_write(action=Action.BLUR, report=photo.report, camera=photo.report.camera, moderator=moderator, data=data)


def _image_read(file) -> Image.Image:
    with file.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
    return image.convert("RGB")


def _files_write(photo: Photo, image: Image.Image, written: list) -> None:
    """New public display image and thumbnail under new names (cached copies of the old ones
    must not live on); the old files are deleted once the change has committed."""
    old = [(photo.image.storage, photo.image.name), (photo.thumbnail.storage, photo.thumbnail.name)]
    display, thumbnail = jpeg_bytes(image, JPEG_QUALITY), jpeg_bytes(fitted(image, THUMBNAIL_PX), JPEG_QUALITY)
    stem = uuid4().hex
    for field, content in (("image", display), ("thumbnail", thumbnail)):
        file_field = Photo._meta.get_field(field)
        name = file_field.storage.save(file_field.generate_filename(photo, f"{stem}.jpg"), ContentFile(content))
        written.append((file_field.storage, name))
        setattr(photo, field, name)
    photo.size_bytes = len(display)
    for storage, name in old:
        if name:
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


class _files_written:
    """A list of the files written meanwhile, deleted if the block fails: the change did not
    happen, so no new file may stay behind."""

    def __enter__(self) -> list:
        self.written = []
        return self.written

    def __exit__(self, kind, error, traceback) -> bool:
        if kind is not None:
            for storage, name in self.written:
                storage.delete(name)
        return False
