"""Hostile photos, made on the fly: each is a (file name, bytes, content type, expected status)."""

import io
import struct
import zlib
from dataclasses import dataclass

from PIL import Image


@dataclass(frozen=True)
class BadPhoto:
    name: str
    data: bytes
    content_type: str
    status: int
    why: str


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims width × height pixels but whose data is a tiny run of zeros: opening it
    is cheap, decoding it would take width × height bytes of memory (a decompression bomb)."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = zlib.compress(b"\x00" * (width + 1) * 64, 9)  # far fewer rows than claimed
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def _jpeg(size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 80, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def corpus(real_jpeg: bytes, max_bytes: int) -> list[BadPhoto]:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
    return [
        BadPhoto("empty.jpg", b"", "image/jpeg", 400, "zero bytes"),
        BadPhoto("truncated.jpg", real_jpeg[: len(real_jpeg) // 3], "image/jpeg", 400, "cut off mid-stream"),
        BadPhoto("header-only.jpg", real_jpeg[:200], "image/jpeg", 400, "only the header"),
        BadPhoto("bomb.png", _png_header_only(30000, 30000), "image/png", 400, "900 MP decompression bomb"),
        BadPhoto("camera.svg", svg, "image/svg+xml", 415, "SVG (scriptable)"),
        BadPhoto("camera.jpg", svg, "image/jpeg", 415, "SVG named .jpg"),
        BadPhoto("page.jpg", b"<!doctype html><script>alert(1)</script>", "image/jpeg", 415, "HTML named .jpg"),
        BadPhoto("doc.jpg", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "image/jpeg", 415, "PDF named .jpg"),
        BadPhoto("archive.jpg", b"PK\x03\x04" + b"\x00" * 100, "image/jpeg", 415, "ZIP named .jpg"),
        BadPhoto("polyglot.gif", b"GIF89a/*" + b"\x00" * 20 + b"*/=alert(1);", "image/gif", 415, "GIF/JavaScript polyglot"),
        BadPhoto("huge.jpg", _jpeg() + b"\x00" * (max_bytes + 1), "image/jpeg", 413, "over the size limit"),
        BadPhoto("../../etc/passwd.jpg", real_jpeg[:100], "image/jpeg", 400, "path in the name, truncated data"),
    ]
