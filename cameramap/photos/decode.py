"""Opening untrusted image bytes safely: the format from the magic bytes, the pixel count from
the header before anything is decoded (decompression bombs), and a complete decode that fails
loudly on damaged data instead of silently painting the missing part grey."""

import io
import logging
import struct
import warnings

import pillow_heif
import simplejpeg
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, UnidentifiedImageError

from .errors import PhotoCorrupt, PhotoTooManyPixels
from .formats import HEIF, JPEG, PNG, WEBP, photo_format

log = logging.getLogger(__name__)

# HEIC/HEIF as phones write them. libheif applies the container's rotation and mirroring while
# decoding and pillow-heif then resets the EXIF orientation, so HEIF images come out upright.
pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)

PIL_FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP", HEIF: "HEIF"}
SNIFF_BYTES = 512

# What Pillow and the codecs under it raise on bad data; none of these may become a 500.
DECODE_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, TypeError, IndexError,
                 KeyError, EOFError, RuntimeError, ZeroDivisionError, struct.error)

# libjpeg's warning for bytes after the last scan: cosmetic, every pixel is there.
HARMLESS_JPEG_WARNINGS = ("extraneous bytes before marker 0xd9",)
# What libjpeg's own (English, technical) words mean for the volunteer. Its text is never shown:
# it would appear as it is inside a Serbian sentence ("(Corrupt JPEG data: …)"); it goes to the log.
JPEG_PIECES_MISSING = ("premature end", "empty input", "no image")


def photo_open(data: bytes, *, max_pixels: int) -> tuple[Image.Image, str]:
    """The lazily opened image and its format ("jpeg", "png", "webp", "heif"). Raises
    PhotoUnsupported, PhotoTooManyPixels or PhotoCorrupt. Nothing is decoded yet."""
    fmt = photo_format(data[:SNIFF_BYTES])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # we check max_pixels ourselves
        try:
            image = Image.open(io.BytesIO(data), formats=[PIL_FORMATS[fmt]])
        except Image.DecompressionBombError as error:  # Pillow's own, far larger, limit
            raise PhotoTooManyPixels(
                _("The photo has far more pixels than the %(max)s accepted.") % {"max": f"{max_pixels:,}"}
            ) from error
        except DECODE_ERRORS as error:
            raise PhotoCorrupt() from error
    width, height = image.size
    if width < 1 or height < 1:
        raise PhotoCorrupt()
    if width * height > max_pixels:
        raise PhotoTooManyPixels(
            _("The photo has %(pixels)s pixels (%(width)d×%(height)d); at most %(max)s are accepted.")
            % {"pixels": f"{width * height:,}", "width": width, "height": height, "max": f"{max_pixels:,}"}
        )
    return image, fmt


def photo_load(image: Image.Image, fmt: str, data: bytes) -> Image.Image:
    """Decode every pixel, refusing damaged data. JPEG goes through libjpeg-turbo in strict mode
    (Pillow hides libjpeg's "corrupt data" warnings and fills the gap with grey)."""
    if fmt == JPEG:
        jpeg_check_intact(data)
    elif fmt == HEIF:
        heif_check_intact(data)
    # Pillow reads this switch at every load. WeasyPrint turns it on for the whole process when it
    # is imported (a worker that has built a dossier), and a cut-short PNG or WebP would then be
    # accepted with its missing rows painted grey; a photo must never be.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image.load()
        except Image.DecompressionBombError as error:
            raise PhotoTooManyPixels() from error
        except DECODE_ERRORS as error:
            raise PhotoCorrupt() from error
    return image


def jpeg_check_intact(data: bytes) -> None:
    """Entropy-decode the whole JPEG at 1/8 scale with warnings made errors. Cheap: a 12 MP
    photo takes a few tens of milliseconds."""
    try:
        _height, _width, colorspace, _subsampling = simplejpeg.decode_jpeg_header(data)
        target = "CMYK" if colorspace.upper() in ("CMYK", "YCCK") else "GRAY"
        simplejpeg.decode_jpeg(data, colorspace=target, min_height=1, min_width=1, min_factor=8,
                               fastdct=True, fastupsample=True, strict=True)
    except (ValueError, RuntimeError) as error:
        if any(harmless in str(error) for harmless in HARMLESS_JPEG_WARNINGS):
            return
        log.info("JPEG refused by the decoder: %s", error)
        raise PhotoCorrupt(jpeg_damage_message(str(error))) from error


def jpeg_damage_message(decoder_message: str) -> str:
    """Our words, in the request's language, for what libjpeg found wrong: part of the picture
    missing (a file cut short while it was copied or sent), or unreadable (garbled data)."""
    if any(words in decoder_message.lower() for words in JPEG_PIECES_MISSING):
        return _("The photo is damaged and part of the picture is missing, perhaps because the file was cut short "
                 "while it was copied. Take or choose the photo again.")
    return _("The photo is damaged and part of the picture cannot be read. Take or choose the photo again.")


def heif_check_intact(data: bytes) -> None:
    """Every top-level ISO-BMFF box must fit in the file. libheif decodes a cut-short HEIC
    without complaint, leaving the missing tiles black; a box running past the end of the file
    is how such a file gives itself away."""
    position, end = 0, len(data)
    while position < end:
        if position + 8 > end:
            raise PhotoCorrupt(_("The photo file is cut short."))
        size, header = int.from_bytes(data[position : position + 4], "big"), 8
        if size == 1:  # 64-bit size follows the type
            if position + 16 > end:
                raise PhotoCorrupt(_("The photo file is cut short."))
            size, header = int.from_bytes(data[position + 8 : position + 16], "big"), 16
        elif size == 0:  # the box runs to the end of the file
            size = end - position
        if size < header or position + size > end:
            raise PhotoCorrupt(_("The photo file is cut short."))
        position += size
