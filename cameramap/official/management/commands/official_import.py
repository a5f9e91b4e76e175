"""manage.py official_import FILE --name NAME --publisher P --published YYYY-MM-DD [options]

Imports an authorities' list of cameras and matches it with the cameras on the street (the same
pipeline as the upload form: cameramap/official/imports.py). Exits non-zero with the row and
column of the first problem, and then nothing is written."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from cameramap.official.errors import OfficialImportError
from cameramap.official.figures import list_figures
from cameramap.official.imports import ImportOptions, official_list_import
from cameramap.official.services import list_match

FIELDS = ("lat_field", "lon_field", "x_field", "y_field", "wkt_field", "address_field", "ref_field", "name_field")


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--published: “{value}” is not a day (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = "Import an official list of cameras (CSV, XLSX, GeoJSON, KML/KMZ, GeoPackage, Shapefile) and match it."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--name", required=True)
        parser.add_argument("--publisher", required=True)
        parser.add_argument("--published", required=True, help="YYYY-MM-DD: the day the list was published or valid.")
        parser.add_argument("--source-url", default="")
        parser.add_argument("--licence", default="")
        parser.add_argument("--notes", default="")
        parser.add_argument("--area", default="", help="The slug of the district or service area the list covers.")
        for option in FIELDS:
            parser.add_argument(f"--{option.replace('_', '-')}", dest=option)
        parser.add_argument("--srid", type=int, help="EPSG code of --x-field/--y-field or --wkt-field (default 4326).")
        parser.add_argument("--layer", help="The layer (GeoPackage, KML) or sheet (XLSX) to read.")
        parser.add_argument("--encoding", help="The CSV's encoding, when detection guesses wrong (utf-8, cp1250, cp1251, iso-8859-2).")
        parser.add_argument("--dry-run", action="store_true", help="Read and check everything, write nothing.")

    def handle(self, *args, **options):
        import_options = ImportOptions(
            name=options["name"], publisher=options["publisher"], published=_day(options["published"]),
            source_url=options["source_url"], licence=options["licence"], notes=options["notes"], area=options["area"],
            encoding=options["encoding"], layer=options["layer"], srid=options["srid"],
            fields={f: options[f] for f in FIELDS if options[f]}, dry_run=options["dry_run"],
        )
        try:
            result = official_list_import(options["file"], import_options)
        except OfficialImportError as error:
            raise CommandError(str(error)) from None
        located = ", ".join(f"{by}: {n}" for by, n in sorted(result.located.items()))
        if options["dry_run"]:
            self.stdout.write(f"Dry run: {result.rows} rows would be imported ({located}); encoding {result.encoding or '-'}; "
                              f"columns {result.columns}. Nothing was written.")
            return
        official_list = result.official_list
        if not result.created:
            self.stdout.write(f"This file (SHA-256 {official_list.file_sha256[:12]}…) was imported already as list "
                              f"{official_list.pk} “{official_list.name}”: nothing changed.")
            return
        list_match(official_list)
        figures = list_figures(official_list)
        self.stdout.write(
            f"List {official_list.pk} “{official_list.name}”: {result.rows} entries ({located}). "
            + ", ".join(f"{key} {figures[key]['total'] if isinstance(figures[key], dict) else figures[key]}"
                        for key in ("declared", "located", "matched", "probable", "not_found", "unlocated", "not_declared"))
        )
