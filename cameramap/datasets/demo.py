"""Demo data for `make run`: 1,757 real licence-plate readers mapped in OpenStreetMap around
Atlanta (© OpenStreetMap contributors, ODbL 1.0 — see demo/ATTRIBUTION.md), and a few demo
districts cut from the metro area's bounding box so that statistics have something to show."""

from pathlib import Path

from django.contrib.gis.geos import MultiPolygon, Polygon
from django.db import transaction

from cameramap.cameras.models import Area, Camera

from .demo_history import demo_history_spread
from .osm_import import cameras_import, read_fixture

DEMO_FILE = Path(__file__).parent / "demo" / "atlanta-alpr-2026.json.gz"
# The box the demo cameras were cut with: lon -84.75..-84.05, lat 33.45..34.15.
WEST, SOUTH, EAST, NORTH = -84.75, 33.45, -84.05, 34.15
DISTRICTS = [
    # name, column, row in a 3 × 2 grid over the box, population (None: unknown)
    ("Demo district North-west", 0, 1, 410_000),
    ("Demo district North", 1, 1, 520_000),
    ("Demo district North-east", 2, 1, None),
    ("Demo district South-west", 0, 0, 300_000),
    ("Demo district South", 1, 0, 480_000),
    ("Demo district South-east", 2, 0, None),
]


def demo_areas() -> list[Area]:
    width, height = (EAST - WEST) / 3, (NORTH - SOUTH) / 2
    areas = []
    for name, column, row, population in DISTRICTS:
        x0, y0 = WEST + column * width, SOUTH + row * height
        polygon = Polygon.from_bbox((x0, y0, x0 + width, y0 + height))
        polygon.srid = 4326
        areas.append(
            Area(
                name=name,
                slug=name.lower().replace(" ", "-"),
                boundary=MultiPolygon(polygon, srid=4326),
                population=population,
                source="cameramap demo: a grid over the Atlanta metro area, not a real boundary",
            )
        )
    return areas


@transaction.atomic
def demo_load() -> dict[str, int]:
    """Load the demo once: a second call finds the data there and does nothing."""
    if Camera.objects.filter(source="osm").exists():
        return {"created": 0, "existing": Camera.objects.count()}
    if not Area.objects.exists():
        for area in demo_areas():
            area.save()
    counts = cameras_import(read_fixture(DEMO_FILE))  # puts each camera in its district too
    demo_history_spread()  # months of history for the map's timeline (before the versions are built at commit)
    return counts
