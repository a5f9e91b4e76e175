"""A district's picture for its share card: its outline and its cameras as dots, drawn from our
own data with Pillow (no tile server, nothing fetched). Pure: coordinates in, PNG bytes out.

The longitudes are shrunk by cos(latitude) so that the district keeps its shape (a plain
equirectangular drawing would stretch it sideways, badly so far from the equator)."""

import io
import math
from collections.abc import Iterable

from PIL import Image, ImageDraw

# Open Graph's recommended size (Facebook, LinkedIn; Twitter's large card crops it a little).
WIDTH, HEIGHT = 1200, 630
MARGIN = 40
BACKGROUND = (245, 243, 238)
FILL, OUTLINE = (225, 232, 240), (31, 78, 156)
VERIFIED, IMPORTED = (216, 67, 21), (95, 99, 104)
DOT = 5


def _projector(rings: list[list[tuple[float, float]]]):
    """A function (lon, lat) → (x, y) fitting every ring's points inside the image, centred."""
    points = [point for ring in rings for point in ring]
    west, east = min(x for x, _ in points), max(x for x, _ in points)
    south, north = min(y for _, y in points), max(y for _, y in points)
    shrink = math.cos(math.radians((south + north) / 2))
    span_x, span_y = max((east - west) * shrink, 1e-9), max(north - south, 1e-9)
    scale = min((WIDTH - 2 * MARGIN) / span_x, (HEIGHT - 2 * MARGIN) / span_y)
    left = (WIDTH - span_x * scale) / 2
    top = (HEIGHT - span_y * scale) / 2

    def project(lon: float, lat: float) -> tuple[float, float]:
        return left + (lon - west) * shrink * scale, top + (north - lat) * scale

    return project


def district_png(rings: list[list[tuple[float, float]]], cameras: Iterable[tuple[float, float, bool]]) -> bytes:
    """``rings``: the boundary's rings as (lon, lat) lists (outer rings and holes alike: each is
    drawn as an outline); ``cameras``: (lon, lat, verified). Verified cameras are filled dots,
    imported ones rings, as on the map."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    if rings:
        project = _projector(rings)
        for ring in rings:
            draw.polygon([project(lon, lat) for lon, lat in ring], fill=FILL, outline=OUTLINE, width=4)
        for lon, lat, verified in sorted(cameras, key=lambda camera: camera[2]):  # verified ones on top
            x, y = project(lon, lat)
            box = (x - DOT, y - DOT, x + DOT, y + DOT)
            if verified:
                draw.ellipse(box, fill=VERIFIED, outline=(255, 255, 255))
            else:
                draw.ellipse(box, outline=IMPORTED, width=2)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
