"""Blurring bystanders: faces and licence plates are found with the Haar cascades that the
opencv-python-headless 4.x wheels ship (under ``cv2.data``; nothing is downloaded) and
pixelated beyond recognition before a photo is stored. Moderators add rectangles the detector
missed; those are applied the same way.

What the detector misses (by design of Haar cascades, and why moderators can add boxes): faces
turned further than profile, small faces (under ~24 px in the 1600 px display image, i.e.
people far away), faces in deep shadow, behind sunglasses or masks; plates at a steep angle,
dirty or non-European layouts (the plate cascades were trained on Russian plates), and plates
smaller than ~40 px wide. It also blurs some things that are neither (signs, windows): false
positives cost a little detail of the camera photo, never privacy.
"""

from dataclasses import dataclass
from functools import cache

import numpy as np
from PIL import Image, ImageFilter

MARGIN = 0.15  # grow each box by this share of its size on every side


@dataclass(frozen=True)
class Box:
    """A rectangle in fractions of the image's width and height (0..1), so it survives resizing."""

    x: float
    y: float
    w: float
    h: float
    kind: str = "manual"  # face, plate or manual

    def as_dict(self) -> dict:
        return {"x": round(self.x, 4), "y": round(self.y, 4), "w": round(self.w, 4), "h": round(self.h, 4), "kind": self.kind}

    @classmethod
    def from_dict(cls, value: dict) -> "Box":
        """Raises ValueError for anything that is not a rectangle inside the image: numbers x, y, w
        and h (JSON numbers: not text, not true or false), and a kind that is text if given."""
        numbers = [value.get(key) if isinstance(value, dict) else None for key in ("x", "y", "w", "h")]
        if not all(isinstance(n, int | float) and not isinstance(n, bool) for n in numbers):
            raise ValueError("a box needs numbers x, y, w and h")
        x, y, w, h = (float(n) for n in numbers)
        if not all(np.isfinite([x, y, w, h])) or w <= 0 or h <= 0 or x < 0 or y < 0 or x + w > 1.0001 or y + h > 1.0001:
            raise ValueError("a box must lie inside the image: 0 ≤ x, y and x + w, y + h ≤ 1, w, h > 0")
        kind = value.get("kind", "manual")
        if not isinstance(kind, str):
            raise ValueError("a box's kind is text: face, plate or manual")
        return cls(x=x, y=y, w=w, h=h, kind=kind[:16])


@cache
def _cascades():
    import cv2

    def load(name: str):
        classifier = cv2.CascadeClassifier(cv2.data.haarcascades + name)
        if classifier.empty():
            raise RuntimeError(f"OpenCV cascade {name} could not be loaded")
        return classifier

    return {
        "face": [load("haarcascade_frontalface_default.xml"), load("haarcascade_profileface.xml")],
        "plate": [load("haarcascade_russian_plate_number.xml"), load("haarcascade_license_plate_rus_16stages.xml")],
    }


def sensitive_areas(image: Image.Image) -> list[Box]:
    """Faces and licence plates in an RGB image, as boxes in fractions of its size."""
    import cv2

    grey = cv2.equalizeHist(np.asarray(image.convert("L")))
    width, height = image.size
    found: list[Box] = []
    for kind, classifiers in _cascades().items():
        minimum = (24, 24) if kind == "face" else (40, 12)
        for classifier in classifiers:
            for x, y, w, h in classifier.detectMultiScale(grey, scaleFactor=1.1, minNeighbors=5, minSize=minimum):
                found.append(Box(x=x / width, y=y / height, w=w / width, h=h / height, kind=kind))
    return found


def blurred(image: Image.Image, boxes: list[Box]) -> Image.Image:
    """A copy of the image with each box (plus a margin) pixelated and smoothed: coarse enough
    that no face or plate can be recovered, even by sharpening."""
    result = image.copy()
    width, height = image.size
    for box in boxes:
        left = max(0, int((box.x - box.w * MARGIN) * width))
        top = max(0, int((box.y - box.h * MARGIN) * height))
        right = min(width, int((box.x + box.w * (1 + MARGIN)) * width + 1))
        bottom = min(height, int((box.y + box.h * (1 + MARGIN)) * height + 1))
        if right - left < 2 or bottom - top < 2:
            continue
        region = result.crop((left, top, right, bottom))
        # A 5 × 5 mosaic of mean colours, smoothed: no features are left for a person or a
        # detector to recognise, whatever the size of the box.
        region = region.resize((5, 5), Image.Resampling.BOX).resize(region.size, Image.Resampling.NEAREST)
        result.paste(region.filter(ImageFilter.GaussianBlur(radius=max(2, (right - left) // 10))), (left, top))
    return result
