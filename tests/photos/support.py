"""Helpers shared by the photo, report and capture-page tests: the fixture photos with the
values their README states, uploads made from them, and a look at every stored file."""

import io
import os
from pathlib import Path

import exifread
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import FIXTURES

PHOTOS = FIXTURES / "photos"

# ../shared/fixtures/photos/README (fixtures/README.md): what an independent reader finds.
# lat/lon None: no GPS. "refused": the file must be refused as damaged.
EXPECTED = {
    "jpg_gps_DSCN0010.jpg": {"lat": 43.4674483, "lon": 11.8851267, "heading": None, "size": (640, 480)},
    "jpg_gps_DSCN0012.jpg": {"lat": 43.4671567, "lon": 11.8853950, "heading": None, "size": (640, 480)},
    "jpg_gps_DSCN0021.jpg": {"lat": 43.4670817, "lon": 11.8845383, "heading": None, "size": (640, 480)},
    "jpg_gps_DSCN0025.jpg": {"lat": 43.4683650, "lon": 11.8816350, "heading": None, "size": (640, 480)},
    "jpg_hdr_iphone_hdr_YES.jpg": {"lat": 40.4469722, "lon": -3.7247528, "heading": 211.2, "size": (3264, 2448)},
    "jpg_mobile_HMD_Nokia_8.3_5G.jpg": {"lat": 60.1467056, "lon": 24.9067722, "heading": 56.0, "size": (4608, 1976)},
    "heic_mobile_HMD_Nokia_8.3_5G.heif": {"lat": 40.7886852, "lon": -4.0051409, "heading": 93.0, "size": (3456, 4608)},
    "heic_mobile_iphone_13_pro_max.HEIC": {"lat": None, "lon": None, "heading": None, "size": (3024, 4032)},
    "jpg_mobile_jolla.jpg": {"lat": None, "lon": None, "heading": None, "size": (3264, 2448)},
    "jpg_orientation_portrait_6.jpg": {"lat": None, "lon": None, "heading": None, "size": (450, 600)},
    "jpg_orientation_landscape_3.jpg": {"lat": None, "lon": None, "heading": None, "size": (600, 450)},
    "jpg_Canon_40D.jpg": {"lat": None, "lon": None, "heading": None, "size": (100, 68)},
    "jpg_tests_35-empty.jpg": {"lat": None, "lon": None, "heading": None, "size": (2164, 1626)},
    "jpg_invalid_image00971.jpg": {"lat": None, "lon": None, "heading": None, "size": (636, 227)},
    "jpg_corrupted.jpg": {"refused": "corrupt"},
}
ACCEPTED = sorted(name for name, expected in EXPECTED.items() if "refused" not in expected)
WITH_GPS = sorted(name for name in ACCEPTED if EXPECTED[name]["lat"] is not None)

# Byte patterns of metadata blocks: none may be found in a stored file.
METADATA_MARKERS = {
    "EXIF": b"Exif\x00\x00",
    "XMP": b"http://ns.adobe.com/xap/1.0/",
    "ICC profile": b"ICC_PROFILE",
    "IPTC/Photoshop": b"Photoshop 3.0",
    "MPF (multi-picture, embedded images)": b"MPF\x00",
}


def photo_bytes(name: str) -> bytes:
    return (PHOTOS / name).read_bytes()


def upload(name: str, *, data: bytes | None = None, content_type: str = "image/jpeg", filename: str | None = None):
    return SimpleUploadedFile(filename or name, photo_bytes(name) if data is None else data, content_type=content_type)


def metadata_left(data: bytes) -> dict:
    """What an independent EXIF reader (exifread) and a byte search find in a stored file."""
    tags = exifread.process_file(io.BytesIO(data), details=True)
    return {
        "exif_tags": sorted(tags),
        "markers": sorted(label for label, marker in METADATA_MARKERS.items() if marker in data),
    }


def stored_files() -> set[str]:
    """Every file under the public and the private media folders."""
    found = set()
    for root in (Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)):
        for folder, _dirs, files in os.walk(root):
            found.update(str(Path(folder, name)) for name in files)
    return found


@pytest.fixture
def throttle_reset():
    """Throttle counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()
