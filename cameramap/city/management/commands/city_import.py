"""manage.py city_import FILE.osm.pbf|.osm|.osm.bz2 [--bbox W,S,E,N]"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cameramap.city.osm_read import CityReadError
from cameramap.city.services import city_import
from cameramap.geo import bbox_parse


class Command(BaseCommand):
    help = ("Import the city's streets (with their names), address points and building footprints from an "
            "OpenStreetMap extract, replacing only what lies inside the file's bounds or --bbox.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--bbox", help="W,S,E,N in WGS84 degrees: import and replace only inside this box.")

    def handle(self, *args, **options):
        try:
            bbox = bbox_parse(options["bbox"], max_degrees=None) if options["bbox"] else None
        except ValidationError as error:
            raise CommandError(f"--bbox: {' '.join(error.messages)}") from None
        try:
            result = city_import(options["file"], bbox=bbox)
        except CityReadError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{result.streets} street segments, {result.addresses} address points, {result.buildings} buildings "
            f"imported inside {','.join(f'{v:.5f}' for v in result.bounds)}; {result.removed} older rows replaced."
        )
