"""Processing a report's photos in the background: the pure image work (cameramap.photos) plus
what it takes to keep files and rows consistent when a worker dies, a message is delivered
twice, or two workers finish a report's photos at the same moment.

When the last photo of a report is settled (processed or failed), the report is handed on: the
``report_settled`` signal (cameras/signals.py), sent after commit, exactly from here."""

from uuid import uuid4

from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cameramap.photos import PhotoError, RenderedPhoto, photo_render

from ..models import Photo, Report
from ..signals import report_settled
from ..vocabulary import PhotoState

REASON_MAX = Photo._meta.get_field("failure_reason").max_length


def photo_process(*, photo: Photo) -> None:
    """Render a pending photo and keep the result, or mark it failed with the reason. Safe to
    call twice: the second caller finds the photo settled and leaves no file behind."""
    try:
        with photo.original.open("rb") as original:
            data = original.read()
    except (FileNotFoundError, ValueError):  # ValueError: the row names no file at all
        photo_fail(photo_id=photo.id, reason="The uploaded original is missing.")
        return
    try:
        rendered = photo_render(data, max_pixels=settings.PHOTO_MAX_PIXELS, default_tz=timezone.get_default_timezone())
    except PhotoError as error:
        photo_fail(photo_id=photo.id, reason=str(error.message))
        return

    stem = uuid4().hex
    written = []
    kept = False
    try:
        # The display image and thumbnail are blurred where the detector found faces and plates;
        # the unblurred display image goes to private storage for the moderator's review.
        for field, content in (("image", rendered.display), ("thumbnail", rendered.thumbnail), ("unblurred", rendered.unblurred)):
            file_field = Photo._meta.get_field(field)
            written.append((file_field, _storage_save(file_field, photo, f"{stem}.jpg", content)))
        kept = _photo_finish(photo_id=photo.id, rendered=rendered, names=[name for _field, name in written])
    finally:
        if not kept:  # a failure, or another delivery finished first: leave no file behind
            for field, name in written:
                field.storage.delete(name)


def photo_fail(*, photo_id: int, reason: str) -> bool:
    """Mark a pending photo failed; the report goes on to the moderator without it."""
    with transaction.atomic():
        photo = _photo_lock_pending(photo_id)
        if photo is None:
            return False
        photo.state = PhotoState.FAILED
        photo.failure_reason = reason[:REASON_MAX]
        photo.processed_at = timezone.now()
        _original_release(photo)
        photo.save()
        _report_handoff_when_settled(photo.report_id)
    return True


def _photo_finish(*, photo_id: int, rendered: RenderedPhoto, names: list[str]) -> bool:
    with transaction.atomic():
        photo = _photo_lock_pending(photo_id)
        if photo is None:
            return False  # an earlier delivery settled it meanwhile
        metadata = rendered.metadata
        photo.image.name, photo.thumbnail.name, photo.unblurred.name = names
        photo.width, photo.height = rendered.width, rendered.height
        photo.size_bytes = len(rendered.display)
        photo.phash = rendered.phash
        photo.blur_boxes = [box.as_dict() for box in rendered.blurred]
        if metadata.has_location:
            photo.exif_location = Point(x=metadata.lon, y=metadata.lat, srid=4326)
        photo.exif_heading = metadata.heading
        photo.exif_taken_at = metadata.taken_at
        photo.state = PhotoState.DONE
        photo.failure_reason = ""
        photo.processed_at = timezone.now()
        _original_release(photo)
        photo.save()
        _report_handoff_when_settled(photo.report_id)
    return True


def _photo_lock_pending(photo_id: int) -> Photo | None:
    # The report row is locked first: it serialises the "was this the last photo?" decision
    # between workers finishing photos of the same report, so exactly one of them hands it on.
    report_id = Photo.objects.filter(id=photo_id).values_list("report_id", flat=True).first()
    if report_id is None:
        return None
    Report.objects.select_for_update().filter(id=report_id).first()
    return Photo.objects.select_for_update().filter(id=photo_id, state=PhotoState.PENDING).first()


def _original_release(photo: Photo) -> None:
    """Unless the operator keeps originals, forget the original now and delete its file once the
    transaction has committed (a rollback must not lose it)."""
    if not settings.KEEP_ORIGINALS:
        file_forget(photo.original)


def file_forget(file) -> None:
    """Clear a file field of a row the caller holds (and saves), and delete the file once the
    transaction has committed: a rollback must not lose it."""
    if not file.name:
        return
    name, storage = file.name, file.storage
    file.name = ""
    transaction.on_commit(lambda: storage.delete(name))


def _report_handoff_when_settled(report_id: int) -> None:
    if not Photo.objects.filter(report_id=report_id, state=PhotoState.PENDING).exists():
        report_handoff(report_id=report_id)


def report_handoff(*, report_id: int) -> None:
    """After commit, say that the report is settled (moderation pre-checks it)."""
    transaction.on_commit(lambda: report_settled.send(sender=Report, report_id=report_id))


def _storage_save(field, photo: Photo, filename: str, content: bytes) -> str:
    return field.storage.save(field.generate_filename(photo, filename), ContentFile(content))
