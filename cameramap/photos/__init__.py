"""Pure image work on bytes and PIL images — no ORM, no settings, no storage.

The volunteer's original goes in as bytes; out come a clean display image, a thumbnail, a
perceptual hash and the few facts the moderators need (GPS position, compass heading, capture
time), read from the metadata *before* every byte of that metadata is dropped.

    inspect.photo_inspect(data, ...)   at upload time: type, size, pixel count, intact, metadata
    render.photo_render(data, ...)     in the background: upright, stripped, resized, hashed
"""

from .errors import PhotoCorrupt, PhotoError, PhotoTooLarge, PhotoTooManyPixels, PhotoUnsupported
from .inspect import PhotoInfo, photo_inspect
from .metadata import PhotoMetadata
from .render import RenderedPhoto, photo_render

__all__ = [
    "PhotoCorrupt",
    "PhotoError",
    "PhotoInfo",
    "PhotoMetadata",
    "PhotoTooLarge",
    "PhotoTooManyPixels",
    "PhotoUnsupported",
    "RenderedPhoto",
    "photo_inspect",
    "photo_render",
]
