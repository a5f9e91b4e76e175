"""What is refused at upload time, and why: the checks that run while the volunteer waits."""

import io
import struct
import time
import zlib

import pytest
from PIL import Image, ImageFile

from cameramap.photos import (
    PhotoCorrupt,
    PhotoTooLarge,
    PhotoTooManyPixels,
    PhotoUnsupported,
    photo_inspect,
    photo_render,
)
from tests.photos.support import metadata_left, photo_bytes

LIMITS = {"max_bytes": 15 * 1024 * 1024, "max_pixels": 60_000_000}


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims width×height pixels in a few dozen bytes: a decompression bomb's header."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


def with_gps_exif(fmt: str, **save) -> bytes:
    """DSCN0010 re-saved as PNG or WebP, carrying the original's EXIF (GPS included)."""
    source = Image.open(io.BytesIO(photo_bytes("jpg_gps_DSCN0010.jpg")))
    exif = source.info["exif"]
    buffer = io.BytesIO()
    source.convert("RGBA" if fmt == "PNG" else "RGB").save(buffer, fmt, exif=exif, **save)
    return buffer.getvalue()


def test_svg_is_refused_as_unsupported_with_a_reason():
    svg = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with pytest.raises(PhotoUnsupported) as refused:
        photo_inspect(svg, **LIMITS)
    assert refused.value.code == "unsupported"
    assert "SVG" in str(refused.value.message)


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 a document", b"GIF89a\x01\x00\x01\x00", b"plain text, not a photo", b"\x00" * 600],
    ids=["pdf", "gif", "text", "zeros"],
)
def test_files_that_are_not_photos_are_unsupported(data):
    with pytest.raises(PhotoUnsupported):
        photo_inspect(data, **LIMITS)


def test_empty_file_is_unsupported():
    with pytest.raises(PhotoUnsupported):
        photo_inspect(b"", **LIMITS)


def test_file_over_the_byte_limit_is_too_large():
    with pytest.raises(PhotoTooLarge) as refused:
        photo_inspect(photo_bytes("jpg_gps_DSCN0010.jpg"), max_bytes=100_000, max_pixels=60_000_000)
    assert "0.1 MB" in str(refused.value.message)


def test_decompression_bomb_is_refused_from_its_header_before_any_decoding(monkeypatch):
    bomb = png_header_only(100_000, 100_000)  # 10 gigapixels in 80 bytes
    decoded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda image: decoded.append(image.size))  # where Pillow decodes
    # The work done, in this thread's CPU time: the wall clock also counts the time a busy
    # machine gives to other processes, and could pass a second with no work done here at all.
    started = time.thread_time()
    with pytest.raises(PhotoTooManyPixels):
        photo_inspect(bomb, **LIMITS)
    assert time.thread_time() - started < 1
    assert decoded == []


def test_photo_over_the_pixel_limit_names_its_size():
    with pytest.raises(PhotoTooManyPixels) as refused:
        photo_inspect(photo_bytes("jpg_mobile_jolla.jpg"), max_bytes=LIMITS["max_bytes"], max_pixels=5_000_000)
    assert "3264×2448" in str(refused.value.message)


def test_truncated_jpeg_is_corrupt():
    data = photo_bytes("jpg_gps_DSCN0010.jpg")
    with pytest.raises(PhotoCorrupt):
        photo_inspect(data[: len(data) // 2], **LIMITS)


def test_truncated_heif_is_corrupt():
    data = photo_bytes("heic_mobile_HMD_Nokia_8.3_5G.heif")
    with pytest.raises(PhotoCorrupt):
        photo_inspect(data[: len(data) // 3], **LIMITS)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_truncated_png_and_webp_are_corrupt(fmt):
    data = with_gps_exif(fmt)
    import weasyprint  # noqa: F401 - it switches Pillow to accepting truncated images on import (dossiers)

    with pytest.raises(PhotoCorrupt):
        photo_inspect(data[: len(data) * 2 // 3], **LIMITS)


def test_jpeg_header_with_garbage_after_is_corrupt():
    with pytest.raises(PhotoCorrupt):
        photo_inspect(b"\xff\xd8\xff\xe0" + b"\x13" * 4000, **LIMITS)


@pytest.mark.parametrize("fmt, save", [("PNG", {}), ("WEBP", {"quality": 90})])
def test_png_and_webp_are_accepted_and_their_gps_read_then_stripped(fmt, save):
    data = with_gps_exif(fmt, **save)
    assert Image.open(io.BytesIO(data)).info.get("exif")  # the test file really carries EXIF
    info = photo_inspect(data, **LIMITS)
    assert info.format == fmt.lower()
    assert info.metadata.lat == pytest.approx(43.4674483, abs=1e-6)
    rendered = photo_render(data, max_pixels=LIMITS["max_pixels"])
    assert rendered.metadata.lon == pytest.approx(11.8851267, abs=1e-6)
    assert metadata_left(rendered.display) == {"exif_tags": [], "markers": []}


def test_transparent_png_is_flattened_onto_white():
    buffer = io.BytesIO()
    Image.new("RGBA", (40, 30), (0, 0, 0, 0)).save(buffer, "PNG")
    rendered = Image.open(io.BytesIO(photo_render(buffer.getvalue(), max_pixels=2000).display))
    assert rendered.mode == "RGB" and min(rendered.getextrema()[0]) >= 250


def test_sixteen_bit_png_is_brought_to_eight_bits_not_clipped():
    buffer = io.BytesIO()
    Image.new("I;16", (20, 20), 32768).save(buffer, "PNG")  # mid-grey in 16 bits
    rendered = Image.open(io.BytesIO(photo_render(buffer.getvalue(), max_pixels=1000).display))
    assert 120 <= rendered.getpixel((10, 10))[0] <= 135
