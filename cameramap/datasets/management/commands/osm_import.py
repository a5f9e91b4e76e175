from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cameramap.datasets.osm_import import cameras_import
from cameramap.datasets.osm_readers import FORMATS, OsmReadError, read_osm


class Command(BaseCommand):
    help = (
        "Import surveillance cameras from OpenStreetMap data: Overpass JSON, OSM XML or the DeFlock fixture format "
        "(gzipped or not). Re-importing updates cameras and never duplicates them; OSM cameras within "
        "OSM_DEDUP_RADIUS_M of a crowd-mapped camera are linked to it instead of created."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--format", choices=FORMATS, default="auto")
        parser.add_argument("--dedup-radius", type=float, default=None, help="metres (default: OSM_DEDUP_RADIUS_M)")

    def handle(self, *args, path: Path, **options):
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        try:
            items = read_osm(path, options["format"])
            with tqdm(unit=" cameras", disable=options["verbosity"] == 0, file=self.stderr) as bar:
                counts = cameras_import(items, progress=bar.update, dedup_radius_m=options["dedup_radius"])
        except OsmReadError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(", ".join(f"{key} {value}" for key, value in counts.items())))
