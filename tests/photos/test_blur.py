"""Bystanders' faces are found and blurred beyond recognition before a photo is kept."""

import io

import numpy as np
import pytest
from PIL import Image
from skimage import data as sample_images

from cameramap.photos.blur import Box, blurred, sensitive_areas
from cameramap.photos.render import photo_render


@pytest.fixture(scope="module")
def portrait() -> Image.Image:
    """NASA's portrait of astronaut Eileen Collins (public domain), shipped with scikit-image."""
    return Image.fromarray(sample_images.astronaut())


def jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def test_the_detector_finds_the_face(portrait):
    faces = [box for box in sensitive_areas(portrait) if box.kind == "face"]
    assert len(faces) == 1
    face = faces[0]
    # Her face is in the upper middle of the picture.
    assert 0.25 < face.x + face.w / 2 < 0.6 and 0.1 < face.y + face.h / 2 < 0.35


def test_a_blurred_face_is_no_longer_a_face(portrait):
    result = blurred(portrait, sensitive_areas(portrait))
    assert [box for box in sensitive_areas(result) if box.kind == "face"] == []
    face = sensitive_areas(portrait)[0]
    w, h = portrait.size
    region = (int(face.x * w), int(face.y * h), int((face.x + face.w) * w), int((face.y + face.h) * h))
    before = np.asarray(portrait.crop(region).convert("L"), dtype=float)
    after = np.asarray(result.crop(region).convert("L"), dtype=float)
    assert np.abs(np.diff(after, axis=1)).mean() < np.abs(np.diff(before, axis=1)).mean() / 3  # detail gone
    # Far from the face, the picture is untouched.
    assert np.array_equal(np.asarray(portrait.crop((0, 400, 100, 512))), np.asarray(result.crop((0, 400, 100, 512))))


def test_rendering_a_photo_blurs_faces_and_records_where(portrait):
    rendered = photo_render(jpeg(portrait), max_pixels=60_000_000)
    assert [box.kind for box in rendered.blurred] == ["face"]
    stored = Image.open(io.BytesIO(rendered.display))
    assert [box for box in sensitive_areas(stored) if box.kind == "face"] == []


def test_a_photo_without_people_is_left_alone(fixture_path):
    rendered = photo_render(fixture_path("photos", "jpg_gps_DSCN0010.jpg").read_bytes(), max_pixels=60_000_000)
    assert [box for box in rendered.blurred if box.kind == "face"] == []


@pytest.mark.parametrize(
    "value",
    [{"x": 0.5, "y": 0.5, "w": 0.6, "h": 0.1}, {"x": -0.1, "y": 0, "w": 0.1, "h": 0.1}, {"x": 0, "y": 0, "w": 0, "h": 0.1},
     {"x": "nan", "y": 0, "w": 0.1, "h": 0.1}, {"x": 0, "y": 0}, {"x": "a", "y": 0, "w": 0.1, "h": 0.1}],
)
def test_a_box_outside_the_image_is_refused(value):
    with pytest.raises(ValueError):
        Box.from_dict(value)
