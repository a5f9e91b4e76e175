from contextlib import nullcontext
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from cameramap.datasets.osm_import import cameras_import
from cameramap.datasets.osm_prune import PruneArea
from cameramap.datasets.osm_readers import FORMATS, OsmReadError, read_bounds, read_osm
from cameramap.geo import Bbox, bbox_parse


def _bbox(value: str) -> Bbox:
    try:
        return bbox_parse(value, max_degrees=None)
    except ValidationError as error:
        raise CommandError(f"--bbox {value!r}: {' '.join(error.messages)} (west,south,east,north: west < east, "
                           "south < north)") from None


class Command(BaseCommand):
    help = (
        "Import surveillance cameras from OpenStreetMap data: Overpass JSON (or its bare array of elements), OSM XML "
        "or the DeFlock fixture format (gzipped or not). A file that holds records but no camera that could be read "
        "is an error naming the formats tried. Re-importing updates cameras and never duplicates them; OSM cameras within "
        "OSM_DEDUP_RADIUS_M of a crowd-mapped camera are linked to it instead of created. With --prune, OSM "
        "cameras in the area the file covers that the file no longer holds are marked removed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--format", choices=FORMATS, default="auto")
        parser.add_argument("--dedup-radius", type=float, default=None, help="metres (default: OSM_DEDUP_RADIUS_M)")
        parser.add_argument(
            "--prune", action="store_true",
            help="mark removed the OSM cameras in the file's area (its <bounds>, or --bbox) that it no longer holds",
        )
        parser.add_argument("--bbox", help="west,south,east,north: the area the file covers completely (with --prune)")
        parser.add_argument("--dry-run", action="store_true", help="count what the import would do, change nothing")

    def handle(self, *args, path: Path, **options):
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        if options["bbox"] and not options["prune"]:
            raise CommandError("--bbox says where to prune: give --prune too")
        try:
            prune = self._prune_area(path, options) if options["prune"] else None
            items = read_osm(path, options["format"])
            atomic = transaction.atomic() if options["dry_run"] else nullcontext()  # a dry run is rolled back
            with atomic, tqdm(unit=" cameras", disable=options["verbosity"] == 0, file=self.stderr) as bar:
                counts = cameras_import(items, progress=bar.update, dedup_radius_m=options["dedup_radius"], prune=prune)
                if options["dry_run"]:
                    transaction.set_rollback(True)
        except OsmReadError as error:
            raise CommandError(str(error)) from None
        summary = ", ".join(f"{key} {value}" for key, value in counts.items())
        if not any(counts[key] for key in ("created", "updated", "unchanged", "linked", "skipped")):
            summary += f" ({path.name} holds no OSM elements)"
        if prune is not None:
            summary += f" (pruned within {prune.describe()}; kept: OSM cameras our volunteers have sighted)"
        if options["dry_run"]:
            summary = f"Dry run, nothing changed: {summary}"
        self.stdout.write(self.style.SUCCESS(summary))

    def _prune_area(self, path: Path, options) -> PruneArea:
        if options["bbox"]:
            return PruneArea(_bbox(options["bbox"]), path.name)
        bounds = read_bounds(path, options["format"])
        if bounds is None:
            raise CommandError(
                f"{path.name} does not say which area it covers (only OSM XML has <bounds>): give --bbox "
                "west,south,east,north for the area it holds completely"
            )
        return PruneArea(Bbox(*bounds), path.name)
