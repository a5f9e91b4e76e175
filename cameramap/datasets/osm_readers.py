"""Readers for OpenStreetMap data: Overpass JSON, a bare JSON array of OSM elements (the shape
of many Overpass-derived exports), OSM XML and the DeFlock fixture format (``shared/fixtures/osm``),
each gzipped or not, and PBF extracts (Geofabrik, BBBike, osmium; the camera nodes only — a
camera drawn as a way is rare and has no single place). Every reader yields ``OsmCamera`` records for the ``man_made=surveillance``
elements it finds; the import pipeline does the rest.

A file that holds records but yields no camera is refused (``OsmReadError``) once read, before
anything is pruned, with the formats it was read as and what each expects: a file in a shape we
do not read is never taken for an empty one. A JSON array is read as whichever of the two array
formats its first record looks like, then as the other.

OSM XML is streamed (``osm_xml``); the JSON formats are read whole. Elements with a negative id
(objects an editor created that OSM does not have yet, as in our own export) are kept with their
id: the pipeline skips them.
"""

import json
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from .osm_records import OsmCamera, OsmReadError, RecordCount, is_camera, osm_float, osm_int, osm_open, osm_timestamp
from .osm_tags import tags_from_fixture_record
from .osm_xml import xml_bounds, xml_cameras

__all__ = ["FORMATS", "OsmCamera", "OsmReadError", "detect_format", "is_camera", "read_bounds", "read_fixture",
           "read_osm", "read_osm_pbf", "read_osm_xml", "read_overpass"]

FORMATS = ("auto", "overpass", "xml", "fixture", "pbf")

# How the formats are named, and what each expects of a camera, in the message of a file that
# yields none.
_ELEMENT = ("type, id, lat and lon (ways and relations: a center, as Overpass writes with \"out center\") and tags "
            "that include man_made=surveillance")
LABELS = {"overpass": "Overpass JSON", "elements": "a JSON array of OSM elements", "fixture": "the DeFlock format",
          "xml": "OSM XML", "pbf": "a PBF extract"}
EXPECTED = {
    "overpass": f"an object whose \"elements\" array holds OSM elements, each camera with {_ELEMENT}",
    "elements": f"OSM elements, each camera with {_ELEMENT}",
    "fixture": "a JSON array of records, each with osmId, lat and lon",
    "xml": "<node> elements with lat and lon (<way> and <relation> with a <center>), each camera with a "
           "man_made=surveillance <tag>",
    "pbf": "nodes with a location and a man_made=surveillance tag",
}


def _head(path: Path) -> bytes:
    try:
        with osm_open(path) as handle:
            head = handle.read(4096).lstrip()
    except (OSError, EOFError, zlib.error) as error:  # gzip.BadGzipFile is an OSError
        raise OsmReadError(f"{path}: cannot be read: {error}") from None
    return head.removeprefix(b"\xef\xbb\xbf").lstrip()


def _is_pbf(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError as error:
        raise OsmReadError(f"{path}: cannot be read: {error}") from None
    return head[4:16].find(b"OSMHeader") >= 0  # a PBF's first blob header names its type


def detect_format(path: Path) -> str:
    """``pbf``, ``xml`` or ``json``: which JSON format a file is, its content decides (``read_osm``)."""
    name = Path(path).name.lower().removesuffix(".gz")
    if name.endswith(".pbf") or _is_pbf(path):
        return "pbf"
    if name.endswith((".osm", ".xml")):
        return "xml"
    head = _head(path)
    if head.startswith(b"<"):
        return "xml"
    if head.startswith((b"[", b"{")):
        return "json"
    raise OsmReadError(f"{path}: neither OSM XML, Overpass JSON nor the fixture format")


def _json(path: Path):
    try:
        with osm_open(path) as handle:
            return json.loads(handle.read().decode("utf-8-sig"))
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, ValueError) as error:
        raise OsmReadError(f"{path}: not readable JSON: {error}") from None


# --- the readers: records in, cameras out, counting the records ------------------------------

def _fixture_cameras(records: list, count: RecordCount) -> Iterator[OsmCamera]:
    """The DeFlock export format: flattened records (``osmId``, ``lat`` …), every one a camera."""
    for record in records:
        count.records += 1
        if not isinstance(record, dict):
            continue
        osm_id, lon, lat = osm_int(record.get("osmId")), osm_float(record.get("lon")), osm_float(record.get("lat"))
        if osm_id is None or lon is None or lat is None:
            continue
        yield OsmCamera(
            osm_type=str(record.get("osmType") or "node"), osm_id=osm_id, lon=lon, lat=lat,
            tags=tags_from_fixture_record(record),
        )


def _element_cameras(elements: list, count: RecordCount) -> Iterator[OsmCamera]:
    """OSM elements as Overpass writes them (``[out:json]``): nodes with lat/lon, ways and
    relations with a ``center`` (``out center``); ``version``/``timestamp`` with ``out meta``."""
    for element in elements:
        count.records += 1
        if not isinstance(element, dict):
            continue
        tags = element.get("tags") or {}
        if not isinstance(tags, dict) or not is_camera(tags):
            continue
        where = element if element.get("type") == "node" else element.get("center")
        where = where if isinstance(where, dict) else {}
        osm_id, lon, lat = osm_int(element.get("id")), osm_float(where.get("lon")), osm_float(where.get("lat"))
        if osm_id is None or lon is None or lat is None:
            continue
        yield OsmCamera(
            osm_type=str(element.get("type")), osm_id=osm_id, lon=lon, lat=lat,
            tags={str(k): str(v) for k, v in tags.items()}, version=osm_int(element.get("version")),
            timestamp=osm_timestamp(element.get("timestamp")),
        )


def read_fixture(path: Path) -> Iterator[OsmCamera]:
    return read_osm(path, "fixture")


def read_overpass(path: Path) -> Iterator[OsmCamera]:
    return read_osm(path, "overpass")


def read_osm_xml(path: Path) -> Iterator[OsmCamera]:
    return read_osm(path, "xml")


def read_bounds(path: Path, fmt: str = "auto") -> tuple[float, float, float, float] | None:
    """The area the file says it covers, (west, south, east, north); ``None`` when it says
    nothing, as Overpass JSON and the fixture format never do."""
    if fmt == "auto":
        fmt = detect_format(path)
    if fmt == "pbf":
        return _pbf_bounds(path)
    return xml_bounds(path) if fmt == "xml" else None


def _pbf_cameras(path: Path, count: RecordCount) -> Iterator[OsmCamera]:
    """The ``man_made=surveillance`` nodes of a PBF extract, streamed by osmium (the nodes with a
    ``man_made`` tag are the records counted)."""
    import osmium

    try:
        processor = osmium.FileProcessor(str(path), osmium.osm.NODE).with_filter(osmium.filter.KeyFilter("man_made"))
        for node in processor:
            count.records += 1
            tags = {tag.k: tag.v for tag in node.tags}
            if is_camera(tags) and node.location.valid():
                yield OsmCamera(osm_type="node", osm_id=node.id, lon=node.location.lon, lat=node.location.lat, tags=tags,
                                version=node.version or None, timestamp=node.timestamp)
    except RuntimeError as error:  # osmium's word for a file it cannot read
        raise OsmReadError(f"{path}: not a readable PBF extract: {error}") from None


def read_osm_pbf(path: Path) -> Iterator[OsmCamera]:
    return _pbf_cameras(path, RecordCount())


def _pbf_bounds(path: Path) -> tuple[float, float, float, float] | None:
    import osmium

    try:
        reader = osmium.io.Reader(str(path), osmium.osm.osm_entity_bits.NOTHING)
        box = reader.header().box()
        reader.close()
    except RuntimeError as error:
        raise OsmReadError(f"{path}: not a readable PBF extract: {error}") from None
    if not box.valid():
        return None
    return (box.bottom_left.lon, box.bottom_left.lat, box.top_right.lon, box.top_right.lat)


Reader = Callable[[RecordCount], Iterator[OsmCamera]]


def _json_readers(path: Path, fmt: str) -> list[tuple[str, Reader]]:
    """The ways to read a JSON file, in the order to try them: by ``fmt`` ("json" when the format
    was detected), by the shape of the document and, for an array, of its first record."""
    data = _json(path)
    if isinstance(data, dict) and fmt in ("json", "overpass"):
        elements = data.get("elements")
        if not isinstance(elements, list):
            raise OsmReadError(f"{path}: not {LABELS['overpass']}: this object has no \"elements\" array; expected "
                               f"{EXPECTED['overpass']}")
        return [("overpass", lambda count: _element_cameras(elements, count))]
    if not isinstance(data, list):
        wanted = {"json": "neither OSM XML, Overpass JSON nor the fixture format",
                  "overpass": f"not {LABELS['overpass']} nor {LABELS['elements']}",
                  "fixture": f"not {LABELS['fixture']}: expected {EXPECTED['fixture']}"}[fmt]
        raise OsmReadError(f"{path}: {wanted} (a JSON {type(data).__name__})")
    readers = {"elements": lambda count: _element_cameras(data, count),
               "fixture": lambda count: _fixture_cameras(data, count)}
    if fmt != "json":
        order = ["elements"] if fmt == "overpass" else ["fixture"]
    else:
        first = next((record for record in data if isinstance(record, dict)), {})
        order = ["fixture", "elements"] if "osmId" in first else ["elements", "fixture"]
    return [(name, readers[name]) for name in order]


def _cameras(path: Path, readers: list[tuple[str, Reader]]) -> Iterator[OsmCamera]:
    """The cameras of the first reader that finds any. When none does, a file that held records
    is an error naming every format tried and what it expects; an empty file is just empty."""
    records = 0
    for name, reader in readers:
        count = RecordCount()
        cameras = reader(count)
        first = next(cameras, None)
        if first is not None:
            yield first
            yield from cameras
            return
        records = max(records, count.records)
    if records:
        tried = "\n".join(f"  read as {LABELS[name]}: expected {EXPECTED[name]}" for name, _reader in readers)
        raise OsmReadError(
            f"{path}: holds {records} record{'s' if records != 1 else ''}, but no camera could be read "
            f"from {'it' if records == 1 else 'them'}.\n{tried}\n"
            f"--format chooses the format ({', '.join(FORMATS[1:])}); see docs/datasets.md."
        )


def read_osm(path: Path, fmt: str = "auto") -> Iterator[OsmCamera]:
    """The cameras in an OSM file, in the format ``fmt`` (``auto``: by the file's content).
    Errors (``OsmReadError``) come while reading, the last one when the file is used up."""
    if fmt not in FORMATS:
        raise OsmReadError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if fmt == "auto":
        fmt = detect_format(path)
    if fmt == "xml":
        readers = [("xml", lambda count: xml_cameras(path, count))]
    elif fmt == "pbf":
        readers = [("pbf", lambda count: _pbf_cameras(path, count))]
    else:
        readers = _json_readers(path, fmt)
    return _cameras(path, readers)
