"""The comparison of a list with the cameras on the street, row by row, as a file to download
(``/api/v1/official-lists/{id}/comparison.csv|.geojson``) and in every dataset release.

One row per entry of the list — its status (``matched``, ``probable``, ``not_found``,
``unlocated``), where it was placed and how, and the camera it is paired with — then one row per
camera in the list's area that no entry is paired with (``not_declared``). Every row carries the
list's provenance (name, publisher, date, source, the imported file's SHA-256), so that a file
passed from hand to hand still says where its figures come from.

Rows are read from the database in chunks (``iterator``) and written as they come: a list's area
can hold hundreds of thousands of cameras not declared."""

import csv
import io
import json
from collections.abc import Iterator

from .figures import list_figures, not_declared
from .models import OfficialList

COLUMNS = (
    "kind", "status", "entry_id", "entry_row", "entry_ref", "entry_name", "entry_address", "located_by", "precision_m",
    "entry_lon", "entry_lat", "camera_id", "camera_lon", "camera_lat", "camera_verified", "distance_m", "score",
    "district", "list_id", "list_name", "publisher", "published", "source_url", "file_sha256",
)
# Free text from the authority's file: a cell a spreadsheet would run as a formula (=HYPERLINK(…))
# gets a leading apostrophe in the CSV, as in the camera downloads (datasets/exporters/csv.py).
TEXT_COLUMNS = ("entry_ref", "entry_name", "entry_address", "district", "list_name", "publisher", "source_url")
FORMULA_START = "=+-@\t\r"
CHUNK = 2000


def _provenance(official_list: OfficialList) -> dict:
    return {"list_id": official_list.id, "list_name": official_list.name, "publisher": official_list.publisher,
            "published": official_list.published.isoformat(), "source_url": official_list.source_url,
            "file_sha256": official_list.file_sha256}


def _xy(point) -> tuple[float | None, float | None]:
    return (round(point.x, 7), round(point.y, 7)) if point is not None else (None, None)


def _entry_records(official_list: OfficialList, provenance: dict) -> Iterator[dict]:
    entries = (official_list.entries.select_related("district", "camera").order_by("row", "id")
               .only("id", "row", "ref", "name", "address", "located_by", "precision_m", "location", "status", "score",
                     "distance_m", "district__name", "camera__id", "camera__location", "camera__verified_on"))
    for entry in entries.iterator(chunk_size=CHUNK):
        entry_lon, entry_lat = _xy(entry.location)
        camera = entry.camera
        camera_lon, camera_lat = _xy(camera.location if camera else None)
        yield {
            "kind": "entry", "status": entry.status, "entry_id": entry.id, "entry_row": entry.row, "entry_ref": entry.ref,
            "entry_name": entry.name, "entry_address": entry.address, "located_by": entry.located_by,
            "precision_m": entry.precision_m, "entry_lon": entry_lon, "entry_lat": entry_lat,
            "camera_id": camera.id if camera else None, "camera_lon": camera_lon, "camera_lat": camera_lat,
            "camera_verified": (camera.verified_on is not None) if camera else None,
            "distance_m": entry.distance_m, "score": entry.score,
            "district": entry.district.name if entry.district else "", **provenance,
        }


def _camera_records(official_list: OfficialList, provenance: dict) -> Iterator[dict]:
    cameras = not_declared(official_list).select_related("area").order_by("id").only("id", "location", "verified_on", "area__name")
    for camera in cameras.iterator(chunk_size=CHUNK):
        camera_lon, camera_lat = _xy(camera.location)
        yield {
            "kind": "camera", "status": "not_declared", "entry_id": None, "entry_row": None, "entry_ref": "",
            "entry_name": "", "entry_address": "", "located_by": "", "precision_m": None, "entry_lon": None,
            "entry_lat": None, "camera_id": camera.id, "camera_lon": camera_lon, "camera_lat": camera_lat,
            "camera_verified": camera.verified_on is not None, "distance_m": None, "score": None,
            "district": camera.area.name if camera.area else "", **provenance,
        }


def comparison_records(official_list: OfficialList) -> Iterator[dict]:
    """Every entry of the list (in the file's order), then every camera it does not declare (by id)."""
    provenance = _provenance(official_list)
    yield from _entry_records(official_list, provenance)
    yield from _camera_records(official_list, provenance)


def _cell(name: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if name in TEXT_COLUMNS and text and text[0] in FORMULA_START:
        return "'" + text
    return text


def comparison_csv(official_list: OfficialList) -> Iterator[str]:
    """The comparison as CSV (UTF-8, a header row), in pieces of about CHUNK rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for n, record in enumerate(comparison_records(official_list), start=1):
        writer.writerow([_cell(name, record[name]) for name in COLUMNS])
        if n % CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _feature(record: dict) -> dict:
    if record["kind"] == "entry":
        point = (record["entry_lon"], record["entry_lat"])
    else:
        point = (record["camera_lon"], record["camera_lat"])
    geometry = {"type": "Point", "coordinates": list(point)} if point[0] is not None else None
    properties = {name: record[name] for name in COLUMNS[:18]}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def comparison_geojson(official_list: OfficialList) -> Iterator[str]:
    """The comparison as a GeoJSON FeatureCollection (RFC 7946): an entry at its place (no
    geometry when unlocated), a camera not declared at the camera's; the list's provenance and
    figures once, in the collection's ``official_list`` member."""
    head = {"type": "FeatureCollection",
            "official_list": {**_provenance(official_list), "licence": official_list.licence,
                              "figures": list_figures(official_list)}}
    opening = json.dumps(head, ensure_ascii=False)[:-1]
    yield opening + ', "features": ['
    for n, record in enumerate(comparison_records(official_list)):
        yield ("," if n else "") + "\n" + json.dumps(_feature(record), ensure_ascii=False)
    yield "\n]}\n"


FORMATS = {"csv": ("text/csv; charset=utf-8", comparison_csv), "geojson": ("application/geo+json", comparison_geojson)}


def comparison_file_name(official_list: OfficialList, extension: str) -> str:
    return f"official-list-{official_list.id}-comparison.{extension}"
