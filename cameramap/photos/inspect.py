"""The check made while the volunteer waits: is this a photo we can take? Refuses what cannot be
processed (too big, not an image, damaged, too many pixels) before anything is written, and
reads the metadata the report may need (its location when the form sent none)."""

from dataclasses import dataclass
from datetime import timezone, tzinfo

from django.utils.translation import gettext as _

from .decode import photo_load, photo_open
from .errors import PhotoTooLarge, PhotoUnsupported
from .metadata import PhotoMetadata, metadata_read


@dataclass(frozen=True)
class PhotoInfo:
    format: str  # "jpeg", "png", "webp" or "heif"
    width: int
    height: int
    metadata: PhotoMetadata


def photo_inspect(data: bytes, *, max_bytes: int, max_pixels: int, default_tz: tzinfo = timezone.utc) -> PhotoInfo:
    """Everything about an uploaded photo that decides whether it is accepted. Raises a
    PhotoError subclass naming the reason; decodes every pixel once to prove the file whole."""
    if len(data) > max_bytes:
        raise PhotoTooLarge(photo_too_large_message(len(data), max_bytes))
    if not data:
        raise PhotoUnsupported(_("The file is empty."))
    image, fmt = photo_open(data, max_pixels=max_pixels)
    metadata = metadata_read(image, default_tz=default_tz)
    photo_load(image, fmt, data)
    width, height = image.size
    return PhotoInfo(format=fmt, width=width, height=height, metadata=metadata)


def photo_too_large_message(size: int, max_bytes: int) -> str:
    return _("The photo is %(size)s MB; at most %(max)s MB is accepted.") % {
        "size": megabytes(size),
        "max": megabytes(max_bytes),
    }


def megabytes(size: int) -> str:
    return f"{round(size / 1_048_576, 1):g}"
