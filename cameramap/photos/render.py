"""The background step: from the volunteer's original to the files we keep.

Upright (EXIF orientation; HEIF's own rotation is applied by libheif), flattened onto white,
colours converted to sRGB, then drawn into a *new* image that has no metadata at all — no EXIF,
GPS, XMP, IPTC, ICC profile, maker notes or embedded thumbnails can survive, because nothing
is copied but pixels. Re-encoded as JPEG at two sizes, with a perceptual hash for duplicate
detection. The metadata the moderators need is read first and returned separately."""

import io
from dataclasses import dataclass
from datetime import timezone, tzinfo

import imagehash
import numpy as np
from PIL import Image, ImageCms, ImageOps

from .blur import Box, blurred, sensitive_areas
from .decode import photo_load, photo_open
from .formats import JPEG
from .metadata import PhotoMetadata, metadata_read

DISPLAY_PX = 1600
THUMBNAIL_PX = 320
JPEG_QUALITY = 85
SRGB = ImageCms.createProfile("sRGB")
WHITE = (255, 255, 255)


@dataclass(frozen=True)
class RenderedPhoto:
    display: bytes  # JPEG, longest side at most DISPLAY_PX
    thumbnail: bytes  # JPEG, longest side at most THUMBNAIL_PX
    width: int  # of the display image
    height: int
    phash: str  # 64-bit perceptual hash as 16 hex digits
    metadata: PhotoMetadata
    blurred: tuple[Box, ...] = ()  # faces and plates found and blurred
    # The display image before blurring (JPEG, as stripped as ``display``): kept privately for
    # the moderator to check the boxes, until the report is decided.
    unblurred: bytes = b""


def photo_render(
    data: bytes,
    *,
    max_pixels: int,
    display_px: int = DISPLAY_PX,
    thumbnail_px: int = THUMBNAIL_PX,
    quality: int = JPEG_QUALITY,
    default_tz: tzinfo = timezone.utc,
) -> RenderedPhoto:
    """Raises PhotoUnsupported, PhotoTooManyPixels or PhotoCorrupt for what cannot be used."""
    image, fmt = photo_open(data, max_pixels=max_pixels)
    metadata = metadata_read(image, default_tz=default_tz)
    if fmt == JPEG:
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when the result still covers display_px.
        image.draft("RGB", (display_px, display_px))
    photo_load(image, fmt, data)
    icc = image.info.get("icc_profile")
    display = pixels_only(fitted(plain_mode(upright(image)), display_px), icc)
    boxes = sensitive_areas(display)
    unblurred = jpeg_bytes(display, quality)
    display = blurred(display, boxes)  # bystanders' faces and plates, before anything public is kept
    thumbnail = fitted(display, thumbnail_px)
    return RenderedPhoto(
        display=jpeg_bytes(display, quality),
        thumbnail=jpeg_bytes(thumbnail, quality),
        width=display.width,
        height=display.height,
        phash=str(imagehash.phash(display)),
        metadata=metadata,
        blurred=tuple(boxes),
        unblurred=unblurred,
    )


def upright(image: Image.Image) -> Image.Image:
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # an unreadable orientation tag: keep the image as it is stored
        return image


def plain_mode(image: Image.Image) -> Image.Image:
    """A mode that resizes well: palettes expanded, 16-bit and float samples brought to 8 bits."""
    if image.mode == "P":
        return image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("I", "F") or image.mode.startswith("I;16"):
        values = np.asarray(image, dtype=np.float64)
        if values.max(initial=0) > 255:
            values = values / 257  # 16-bit samples
        return Image.fromarray(np.clip(values, 0, 255).astype(np.uint8), "L")
    return image


def pixels_only(image: Image.Image, icc: bytes | None) -> Image.Image:
    """An RGB image in sRGB, flattened onto white, carrying nothing but pixels."""
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = image.convert("RGBA")
        image = Image.alpha_composite(Image.new("RGBA", rgba.size, (*WHITE, 255)), rgba).convert("RGB")
    if icc:
        image = to_srgb(image, icc)
    clean = Image.new("RGB", image.size, WHITE)
    clean.paste(image.convert("RGB"))
    return clean


def to_srgb(image: Image.Image, icc: bytes) -> Image.Image:
    """Colours from the embedded profile (Display P3 on iPhones, Adobe RGB, CMYK…) into sRGB,
    so the profile itself can be dropped. A broken profile is ignored."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if image.mode not in ("RGB", "CMYK", "L"):
            image = image.convert("RGB")
        return ImageCms.profileToProfile(image, source, SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image


def fitted(image: Image.Image, longest: int) -> Image.Image:
    copy = image.copy()
    copy.thumbnail((longest, longest), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return copy


def jpeg_bytes(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()
