"""Creating reports. Everything a volunteer sends is checked before anything is written, and
what is written (the report, its photos' rows, the originals' files) appears together or not at
all: a failure at any point removes the files already stored, and the database rolls back."""

from dataclasses import dataclass
from uuid import uuid4

from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cameramap.celery import enqueue_on_commit
from cameramap.photos import PhotoError, PhotoInfo, PhotoTooLarge, photo_inspect
from cameramap.photos.inspect import photo_too_large_message

from .. import tasks
from ..models import Area, Camera, Photo, Report
from ..vocabulary import ReportKind

EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp", "heif": "heic"}
MAX_ACCURACY_M = 10_000


@dataclass(frozen=True)
class CheckedPhoto:
    data: bytes
    info: PhotoInfo


def report_submit(*, idempotency_key: str | None = None, **fields) -> tuple[Report, bool]:
    """report_create, made safe to retry: a second submission with the same client key returns
    the first report (and False) instead of creating another one, even when both race."""
    if idempotency_key:
        existing = Report.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, False
    try:
        return report_create(idempotency_key=idempotency_key, **fields), True
    except IntegrityError:
        existing = Report.objects.filter(idempotency_key=idempotency_key).first() if idempotency_key else None
        if existing is None:
            raise
        return existing, False


def report_create(
    *,
    location: Point | None,
    photos: list[UploadedFile] = (),
    directions: list[int] = (),
    camera: Camera | None = None,
    contributor=None,
    kind: str = ReportKind.NEW,
    accuracy_m: float | None = None,
    **attrs,
) -> Report:
    """Store a volunteer's report with its photos, then hand it to the background pipeline once
    the transaction has committed (so a worker never looks for a row that is not there yet).

    ``location`` may be None when a photo carries GPS (read from the original here, before the
    background step strips it) or, for confirm/correct/gone, when the camera's own location is
    the best we have. Raises PhotoError (a photo is refused) or ValidationError (by field)."""
    checked = photos_check(photos)
    camera = report_camera_check(kind=kind, camera=camera)
    location, accuracy_m = report_location(location=location, accuracy_m=accuracy_m, photos=checked, camera=camera)
    location_check_service_area(location)

    stored: list[str] = []
    try:
        with transaction.atomic():
            report = Report(
                location=location, accuracy_m=accuracy_m, directions=list(directions), camera=camera,
                contributor=contributor, kind=kind, **attrs,
            )
            # Uniqueness of the idempotency key is left to the database (IntegrityError), which is
            # the only place two concurrent retries can be told apart.
            report.full_clean(validate_unique=False)
            report.save()
            for position, photo in enumerate(checked):
                row = photo_original_store(report=report, position=position, photo=photo)
                stored.append(row.original.name)
                row.save()
            enqueue_on_commit(tasks.report_receive, report.id)
    except BaseException:
        for name in stored:
            Photo._meta.get_field("original").storage.delete(name)
        raise
    return report


def photos_check(photos: list[UploadedFile]) -> list[CheckedPhoto]:
    """Read and inspect every upload, refusing the first that cannot be used. Nothing is stored."""
    if len(photos) > settings.PHOTOS_PER_REPORT:
        raise ValidationError(
            {"photos": _("At most %(max)d photos per report; this one has %(count)d.")
             % {"max": settings.PHOTOS_PER_REPORT, "count": len(photos)}},
            code="max_length",
        )
    checked = []
    for index, upload in enumerate(photos, start=1):
        try:
            if upload.size is not None and upload.size > settings.PHOTO_MAX_BYTES:
                raise PhotoTooLarge(photo_too_large_message(upload.size, settings.PHOTO_MAX_BYTES))
            upload.seek(0)
            data = upload.read(settings.PHOTO_MAX_BYTES + 1)
            info = photo_inspect(
                data, max_bytes=settings.PHOTO_MAX_BYTES, max_pixels=settings.PHOTO_MAX_PIXELS,
                default_tz=timezone.get_default_timezone(),
            )
        except PhotoError as error:
            error.message = _("Photo %(index)d: %(reason)s") % {"index": index, "reason": error.message}
            error.index = index
            raise
        checked.append(CheckedPhoto(data=data, info=info))
    return checked


def report_camera_check(*, kind: str, camera: Camera | None) -> Camera | None:
    """The camera a confirm/correct/gone report is about: a published one, followed through a
    merge to the camera that absorbed it."""
    if kind == ReportKind.NEW:
        if camera is not None:
            raise ValidationError({"camera": _("A new camera report cannot name an existing camera.")}, code="invalid")
        return None
    if camera is None:
        raise ValidationError({"camera": _("Say which camera this report is about.")}, code="required")
    camera = Camera.objects.resolve(camera.pk)
    if camera is None or not camera.published:
        raise ValidationError({"camera": _("This camera is not on the map.")}, code="invalid")
    return camera


def report_location(
    *, location: Point | None, accuracy_m: float | None, photos: list[CheckedPhoto], camera: Camera | None
) -> tuple[Point, float | None]:
    """The report's location: as sent; else the first photo's GPS (with its error estimate);
    else, for a report about an existing camera, that camera's location."""
    if location is not None:
        return location, accuracy_m
    for photo in photos:
        metadata = photo.info.metadata
        if metadata.has_location:
            accuracy = metadata.accuracy_m if metadata.accuracy_m is not None and metadata.accuracy_m <= MAX_ACCURACY_M else None
            return Point(x=metadata.lon, y=metadata.lat, srid=4326), accuracy
    if camera is not None:
        return Point(x=camera.location.x, y=camera.location.y, srid=4326), None
    raise ValidationError(
        {"location": _("No location: allow location access, put the pin on the map, or send a photo that has GPS.")},
        code="required",
    )


def location_check_service_area(location: Point) -> None:
    """When the operator has drawn service areas, a report must fall inside one of them."""
    areas = Area.objects.filter(is_service_area=True)
    if not areas.exists() or areas.filter(boundary__intersects=location).exists():
        return
    names = ", ".join(areas.order_by("name").values_list("name", flat=True)[:5])
    raise ValidationError(
        {"location": _("This place (%(lat).5f, %(lon).5f) is outside the area this service covers: %(areas)s.")
         % {"lat": location.y, "lon": location.x, "areas": names}},
        code="outside_service_area",
    )


def photo_original_store(*, report: Report, position: int, photo: CheckedPhoto) -> Photo:
    """The photo's row, not yet saved, with its original written to private storage under a
    random name: the volunteer's file name (which can hold a date, a device or a person's name)
    is never kept. The GPS, heading and time read from the original are kept for moderators."""
    metadata = photo.info.metadata
    row = Photo(
        report=report,
        position=position,
        exif_location=Point(x=metadata.lon, y=metadata.lat, srid=4326) if metadata.has_location else None,
        exif_heading=metadata.heading,
        exif_taken_at=metadata.taken_at,
    )
    row.original.save(f"{uuid4().hex}.{EXTENSIONS[photo.info.format]}", ContentFile(photo.data), save=False)
    return row
