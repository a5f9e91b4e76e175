from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cameramap.datasets.areas_import import AreaImportError, areas_import


class Command(BaseCommand):
    help = (
        "Import districts (or service areas) from a GeoJSON, GeoPackage or Shapefile (.shp or a .zip of one) "
        "through GDAL. Areas are matched by name, so importing again updates them; cameras are reassigned."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--name-field", required=True, help="the column holding each area's name")
        parser.add_argument("--population-field", help="the column holding the population, if any")
        parser.add_argument("--layer", help="layer name (default: the first)")
        parser.add_argument("--service-area", action="store_true", help="these are service areas, not districts")
        parser.add_argument("--source", default="", help="where the boundaries come from (shown with the statistics)")

    def handle(self, *args, path: Path, **options):
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        try:
            result = areas_import(
                path, name_field=options["name_field"], population_field=options["population_field"],
                layer=options["layer"], is_service_area=options["service_area"], source=options["source"],
            )
        except AreaImportError as error:
            raise CommandError(f"{error.field}: {error.message}") from None
        self.stdout.write(self.style.SUCCESS(
            f"{len(result.created)} areas created, {len(result.updated)} updated; "
            f"{result.cameras_reassigned} cameras changed area."
        ))
