"""The second demo city, for the streets under watch: central Helsinki's real streets, buildings
and cameras from OpenStreetMap (demo/ATTRIBUTION.md), two demo districts over them, and the
fields of view and exposure computed once, so that a new user of `make run` finds watched
streets on the map and exposure per district on /data/ at once."""

from pathlib import Path

from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.management import call_command
from django.db import transaction

from cameramap.cameras.models import Area
from cameramap.city.services import city_import

DEMO_PBF = Path(__file__).parent / "demo" / "helsinki-centre.osm.pbf"
WEST, SOUTH, EAST, NORTH = 24.93518, 60.16416, 24.95341, 60.17911
SPLIT = 24.944  # the meridian the two demo districts meet at
DISTRICTS = [("Helsinki centre, west", "helsinki-centre-west", WEST, SPLIT),
             ("Helsinki centre, east", "helsinki-centre-east", SPLIT, EAST)]
SOURCE = "cameramap demo: the Helsinki extract's box cut at 24.944°E, not a real boundary"


def demo_streets_loaded() -> bool:
    return Area.objects.filter(slug=DISTRICTS[0][1]).exists()


@transaction.atomic
def _districts() -> None:
    for name, slug, west, east in DISTRICTS:
        polygon = Polygon.from_bbox((west, SOUTH, east, NORTH))
        polygon.srid = 4326
        Area.objects.create(name=name, slug=slug, boundary=MultiPolygon(polygon, srid=4326), source=SOURCE)


def demo_streets_load(*, stdout=None) -> bool:
    """Load the Helsinki demo once (False when it is there already): the districts, the streets
    and buildings, the cameras, then every field of view and the exposure, in this process."""
    if demo_streets_loaded():
        return False
    from cameramap.celery import broker_folders_ensure

    broker_folders_ensure()  # the import's own recomputation request goes to the worker's broker
    _districts()
    city_import(DEMO_PBF)
    call_command("osm_import", str(DEMO_PBF), verbosity=0)  # the extract's 221 camera nodes
    call_command("exposure_compute", stdout=stdout)
    return True
