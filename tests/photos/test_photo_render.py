"""The pure image work on every real fixture photo: what is kept, what is dropped, what is
refused. No database: cameramap.photos works on bytes."""

import io
import re
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest
from django.utils import translation
from PIL import Image, ImageOps

from cameramap.photos import PhotoCorrupt, photo_inspect, photo_render
from tests.photos.support import ACCEPTED, EXPECTED, PHOTOS, WITH_GPS, metadata_left, photo_bytes

MAX_PIXELS = 60_000_000


def test_every_fixture_photo_has_an_expectation():
    assert sorted(path.name for path in PHOTOS.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", ACCEPTED)
def test_render_keeps_location_and_heading_as_the_readme_states(name):
    expected = EXPECTED[name]
    metadata = photo_render(photo_bytes(name), max_pixels=MAX_PIXELS).metadata
    if expected["lat"] is None:
        assert (metadata.lat, metadata.lon) == (None, None)
    else:
        assert metadata.lat == pytest.approx(expected["lat"], abs=1e-6)
        assert metadata.lon == pytest.approx(expected["lon"], abs=1e-6)
    if expected["heading"] is None:
        assert metadata.heading is None
    else:
        assert metadata.heading == pytest.approx(expected["heading"], abs=0.05)


@pytest.mark.parametrize("name", ACCEPTED)
def test_rendered_files_carry_no_metadata_at_all(name):
    rendered = photo_render(photo_bytes(name), max_pixels=MAX_PIXELS)
    for data in (rendered.display, rendered.thumbnail):
        assert metadata_left(data) == {"exif_tags": [], "markers": []}
        image = Image.open(io.BytesIO(data))
        assert image.format == "JPEG"
        assert "icc_profile" not in image.info and "exif" not in image.info and "xmp" not in image.info


@pytest.mark.parametrize("name", ACCEPTED)
def test_rendered_sizes_fit_display_and_thumbnail_without_upscaling(name):
    width, height = EXPECTED[name]["size"]
    rendered = photo_render(photo_bytes(name), max_pixels=MAX_PIXELS)
    display = Image.open(io.BytesIO(rendered.display))
    thumbnail = Image.open(io.BytesIO(rendered.thumbnail))
    assert (display.width, display.height) == (rendered.width, rendered.height)
    assert max(display.size) == min(1600, max(width, height))
    assert max(thumbnail.size) == min(320, max(width, height))
    # proportions kept (to a pixel of rounding), in the upright orientation
    assert display.width / display.height == pytest.approx(width / height, rel=0.01)
    assert len(rendered.phash) == 16 and int(rendered.phash, 16) >= 0


def _likeness(a: Image.Image, b: Image.Image) -> float:
    """Correlation of two pictures' brightness at 64×64: 1 for the same picture, whatever the
    colour management did to the tones; near 0 or negative for a turned one."""
    a = np.asarray(a.convert("L").resize((64, 64)), dtype=np.float64).ravel()
    b = np.asarray(b.convert("L").resize((64, 64)), dtype=np.float64).ravel()
    return float(np.corrcoef(a, b)[0, 1])


@pytest.mark.parametrize(
    "name, transpose",
    [
        ("jpg_orientation_portrait_6.jpg", Image.Transpose.ROTATE_270),  # EXIF 6: turn 90° clockwise
        ("jpg_orientation_landscape_3.jpg", Image.Transpose.ROTATE_180),  # EXIF 3: turn 180°
    ],
)
def test_exif_orientation_is_applied_to_the_pixels(name, transpose):
    stored = Image.open(PHOTOS / name)
    upright_by_hand = stored.transpose(transpose)
    rendered = Image.open(io.BytesIO(photo_render(photo_bytes(name), max_pixels=MAX_PIXELS).display))
    assert rendered.size == upright_by_hand.size
    assert _likeness(rendered, upright_by_hand) > 0.98  # the same picture
    assert _likeness(rendered, stored.resize(rendered.size)) < 0.5  # not the one as stored


def test_portrait_6_ends_up_taller_than_wide():
    rendered = photo_render(photo_bytes("jpg_orientation_portrait_6.jpg"), max_pixels=MAX_PIXELS)
    assert (rendered.width, rendered.height) == (450, 600)


@pytest.mark.parametrize("name", ["heic_mobile_iphone_13_pro_max.HEIC", "heic_mobile_HMD_Nokia_8.3_5G.heif"])
def test_heic_and_heif_are_converted_to_upright_jpeg(name):
    rendered = photo_render(photo_bytes(name), max_pixels=MAX_PIXELS)
    display = Image.open(io.BytesIO(rendered.display))
    assert display.format == "JPEG"
    # both are portrait: the iPhone's sensor image is stored landscape with a 90° rotation
    assert (display.width, display.height) == (1200, 1600)


def test_iphone_heic_is_turned_upright_like_exif_orientation_6_says():
    from cameramap.photos.decode import photo_load, photo_open

    data = photo_bytes("heic_mobile_iphone_13_pro_max.HEIC")
    decoded, _fmt = photo_open(data, max_pixels=MAX_PIXELS)
    assert decoded.info.get("original_orientation") == 6  # what the file says: "Rotated 90 CW"
    photo_load(decoded, "heif", data)
    rendered = Image.open(io.BytesIO(photo_render(data, max_pixels=MAX_PIXELS).display))
    assert rendered.height > rendered.width
    assert _likeness(rendered, ImageOps.contain(decoded, (1600, 1600))) > 0.98


def test_capture_time_is_kept_with_its_offset_when_the_phone_wrote_one():
    metadata = photo_render(photo_bytes("jpg_mobile_HMD_Nokia_8.3_5G.jpg"), max_pixels=MAX_PIXELS).metadata
    assert metadata.taken_at == datetime(2022, 8, 14, 14, 12, 31, tzinfo=timezone(timedelta(hours=3)))


def test_capture_time_without_offset_is_read_in_the_default_time_zone():
    belgrade = timezone(timedelta(hours=2))
    metadata = photo_render(photo_bytes("jpg_mobile_jolla.jpg"), max_pixels=MAX_PIXELS, default_tz=belgrade).metadata
    assert metadata.taken_at == datetime(2014, 9, 21, 16, 0, 56, tzinfo=belgrade)


def test_corrupted_jpeg_is_refused_saying_in_our_words_that_part_of_the_picture_is_missing():
    with pytest.raises(PhotoCorrupt) as refused:
        # libjpeg says "Corrupt JPEG data: premature end of data segment"
        photo_render(photo_bytes("jpg_corrupted.jpg"), max_pixels=MAX_PIXELS)
    assert refused.value.code == "corrupt"
    assert str(refused.value.message) == (
        "The photo is damaged and part of the picture is missing, perhaps because the file was cut short while it was "
        "copied. Take or choose the photo again.")


@pytest.mark.parametrize("language", ["sr", "sr-latn"])
def test_damaged_jpeg_message_is_all_in_the_volunteers_language_without_the_decoders_english(language):
    data = photo_bytes("jpg_gps_DSCN0010.jpg")
    for damaged in (photo_bytes("jpg_corrupted.jpg"), data[: len(data) // 2], b"\xff\xd8\xff\xe0" + b"\x13" * 4000):
        with translation.override(language):
            with pytest.raises(PhotoCorrupt) as refused:
                photo_inspect(damaged, max_bytes=15 << 20, max_pixels=MAX_PIXELS)
            message = str(refused.value.message)
        assert message.startswith({"sr": "Фотографија је оштећена", "sr-latn": "Fotografija je oštećena"}[language])
        assert not re.search(r"JPEG|Corrupt|[Pp]remature|marker|\(", message), message


def test_invalid_exif_block_does_not_stop_the_photo():
    info = photo_inspect(photo_bytes("jpg_invalid_image00971.jpg"), max_bytes=15 << 20, max_pixels=MAX_PIXELS)
    assert (info.format, info.width, info.height) == ("jpeg", 636, 227)
    assert info.metadata.has_location is False and info.metadata.taken_at is None


@pytest.mark.parametrize("name", WITH_GPS)
def test_inspect_reads_the_same_location_as_render(name):
    info = photo_inspect(photo_bytes(name), max_bytes=15 << 20, max_pixels=MAX_PIXELS)
    assert info.metadata.lat == pytest.approx(EXPECTED[name]["lat"], abs=1e-6)
    assert info.metadata.lon == pytest.approx(EXPECTED[name]["lon"], abs=1e-6)
