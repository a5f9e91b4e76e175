"""The comparison of every official list with the cameras on the street, as files of a dataset
release (``official-list-{id}-comparison.csv`` and ``.geojson``, official/comparison.py): each
goes into the release's zip and its ``datapackage.json`` with its size and SHA-256 like the other
files, so that a figure quoted from a release can be checked against the rows it comes from."""

from pathlib import Path

from cameramap.official.comparison import COLUMNS, FORMATS, comparison_file_name
from cameramap.official.models import OfficialList

# Frictionless field types of the comparison's columns (the rest are strings).
TYPES = {"entry_id": "integer", "entry_row": "integer", "precision_m": "number", "entry_lon": "number",
         "entry_lat": "number", "camera_id": "integer", "camera_lon": "number", "camera_lat": "number",
         "camera_verified": "boolean", "distance_m": "number", "score": "number", "list_id": "integer", "published": "date"}


def comparisons_write(folder: Path) -> list[tuple[Path, str, str]]:
    """Write every list's comparison into ``folder``; (path, format, media type) of each file."""
    written = []
    for official_list in OfficialList.objects.order_by("id"):
        for extension, (media_type, write) in FORMATS.items():
            path = folder / comparison_file_name(official_list, extension)
            with open(path, "w", encoding="utf-8", newline="") as handle:
                for piece in write(official_list):
                    handle.write(piece)
            written.append((path, extension, media_type))
    return written


def is_comparison_csv(filename: str) -> bool:
    return filename.startswith("official-list-") and filename.endswith("-comparison.csv")


def comparison_schema() -> dict:
    fields = []
    for name in COLUMNS:
        field = {"name": name, "type": TYPES.get(name, "string")}
        if field["type"] == "boolean":
            field.update(trueValues=["true"], falseValues=["false"])
        fields.append(field)
    return {"fields": fields, "missingValues": [""]}
