"""Readers for OpenStreetMap data: Overpass JSON, OSM XML and the DeFlock fixture format
(``shared/fixtures/osm``), each gzipped or not, and PBF extracts (Geofabrik, BBBike, osmium; the
camera nodes only — a camera drawn as a way is rare and has no single place). Every reader yields ``OsmCamera`` records for
the ``man_made=surveillance`` elements it finds; the import pipeline does the rest.

OSM XML is read with lxml's ``iterparse`` and each element cleared once read, so a large
extract is streamed rather than loaded. Elements with a negative id (objects an editor created
that OSM does not have yet, as in our own export) are kept with their id: the pipeline skips
them.
"""

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from lxml import etree

from .osm_tags import tags_from_fixture_record

FORMATS = ("auto", "overpass", "xml", "fixture", "pbf")


@dataclass(frozen=True)
class OsmCamera:
    osm_type: str
    osm_id: int
    lon: float
    lat: float
    tags: dict
    version: int | None = None
    timestamp: datetime | None = field(default=None, compare=False)


class OsmReadError(ValueError):
    pass


def _open(path: Path):
    path = Path(path)
    return gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")


def _timestamp(value) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def is_camera(tags: dict) -> bool:
    return tags.get("man_made") == "surveillance"


def detect_format(path: Path) -> str:
    name = Path(path).name.lower().removesuffix(".gz")
    if name.endswith((".osm", ".xml")):
        return "xml"
    if name.endswith(".pbf"):
        return "pbf"
    with _open(path) as handle:
        head = handle.read(4096)
    if head[4:16].find(b"OSMHeader") >= 0:  # a PBF's first blob header names its type
        return "pbf"
    head = head.lstrip()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip()
    if head.startswith(b"<"):
        return "xml"
    if head.startswith(b"["):
        return "fixture"
    if head.startswith(b"{"):
        return "overpass"
    raise OsmReadError(f"{path}: neither OSM XML, Overpass JSON nor the fixture format")


def read_fixture(path: Path) -> Iterator[OsmCamera]:
    """The DeFlock export format: a JSON array of flattened records (``osmId``, ``lat`` …)."""
    with _open(path) as handle:
        records = json.load(handle)
    if not isinstance(records, list):
        raise OsmReadError(f"{path}: the fixture format is a JSON array")
    for record in records:
        if not isinstance(record, dict) or record.get("lat") is None or record.get("lon") is None:
            continue
        osm_id = _int(record.get("osmId"))
        if osm_id is None:
            continue
        yield OsmCamera(
            osm_type=str(record.get("osmType") or "node"), osm_id=osm_id,
            lon=float(record["lon"]), lat=float(record["lat"]), tags=tags_from_fixture_record(record),
        )


def read_overpass(path: Path) -> Iterator[OsmCamera]:
    """Overpass API JSON (``[out:json]``): nodes with lat/lon, ways and relations with a
    ``center`` (``out center``); ``version``/``timestamp`` when asked with ``out meta``."""
    with _open(path) as handle:
        data = json.load(handle)
    elements = data.get("elements") if isinstance(data, dict) else None
    if not isinstance(elements, list):
        raise OsmReadError(f"{path}: Overpass JSON has an 'elements' array")
    for element in elements:
        if not isinstance(element, dict):
            continue
        tags = element.get("tags") or {}
        if not isinstance(tags, dict) or not is_camera(tags):
            continue
        where = element if element.get("type") == "node" else element.get("center") or {}
        osm_id = _int(element.get("id"))
        if osm_id is None or where.get("lat") is None or where.get("lon") is None:
            continue
        yield OsmCamera(
            osm_type=str(element.get("type")), osm_id=osm_id, lon=float(where["lon"]), lat=float(where["lat"]),
            tags={str(k): str(v) for k, v in tags.items()}, version=_int(element.get("version")),
            timestamp=_timestamp(element.get("timestamp")),
        )


def read_osm_xml(path: Path) -> Iterator[OsmCamera]:
    """OSM XML (API 0.6; JOSM, osmium, Overpass ``[out:xml]``). Ways and relations count when
    they carry a ``<center>`` (Overpass ``out center``). Versions in a file that cameramap
    wrote are not OSM's (unknown ones are written as 1), so they are not taken over."""
    trust_versions = True
    with _open(path) as handle:
        context = etree.iterparse(
            handle, events=("start", "end"), tag=("osm", "node", "way", "relation"),
            resolve_entities=False, no_network=True, huge_tree=False,
        )
        try:
            for event, element in context:
                if element.tag == "osm":
                    if event == "start":
                        trust_versions = not (element.get("generator") or "").startswith("cameramap")
                    continue
                if event != "end":
                    continue
                tags = {tag.get("k"): tag.get("v") for tag in element.iterfind("tag")}
                if is_camera(tags):
                    where = element if element.tag == "node" else element.find("center")
                    osm_id = _int(element.get("id"))
                    if where is not None and osm_id is not None and where.get("lat") and where.get("lon"):
                        yield OsmCamera(
                            osm_type=element.tag, osm_id=osm_id, lon=float(where.get("lon")), lat=float(where.get("lat")),
                            tags=tags, version=_int(element.get("version")) if trust_versions else None,
                            timestamp=_timestamp(element.get("timestamp")) if trust_versions else None,
                        )
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
        except etree.XMLSyntaxError as error:
            raise OsmReadError(f"{path}: not well-formed XML: {error}") from None


def _xml_bounds(path: Path) -> tuple[float, float, float, float] | None:
    """``<bounds minlat minlon maxlat maxlon/>`` (API 0.6, osmium, JOSM) or osmosis'
    ``<bound box="minlat,minlon,maxlat,maxlon"/>``, which come before the first element."""
    with _open(path) as handle:
        context = etree.iterparse(
            handle, events=("start",), tag=("bounds", "bound", "node", "way", "relation"),
            resolve_entities=False, no_network=True,
        )
        try:
            for _event, element in context:
                if element.tag == "bounds":
                    values = [element.get(k) for k in ("minlon", "minlat", "maxlon", "maxlat")]
                elif element.tag == "bound":
                    south, west, north, east = ((element.get("box") or "").split(",") + [None] * 4)[:4]
                    values = [west, south, east, north]
                else:
                    return None  # elements began: no bounds declared
                try:
                    return tuple(float(value) for value in values)
                except (TypeError, ValueError):
                    raise OsmReadError(f"{path}: unreadable <{element.tag}> element") from None
        except etree.XMLSyntaxError as error:
            raise OsmReadError(f"{path}: not well-formed XML: {error}") from None
    return None


def read_bounds(path: Path, fmt: str = "auto") -> tuple[float, float, float, float] | None:
    """The area the file says it covers, (west, south, east, north); ``None`` when it says
    nothing, as Overpass JSON and the fixture format never do."""
    if fmt == "auto":
        fmt = detect_format(path)
    if fmt == "pbf":
        return _pbf_bounds(path)
    return _xml_bounds(path) if fmt == "xml" else None


def read_osm_pbf(path: Path) -> Iterator[OsmCamera]:
    """The ``man_made=surveillance`` nodes of a PBF extract, streamed by osmium."""
    import osmium

    try:
        processor = osmium.FileProcessor(str(path), osmium.osm.NODE).with_filter(osmium.filter.KeyFilter("man_made"))
        for node in processor:
            tags = {tag.k: tag.v for tag in node.tags}
            if is_camera(tags) and node.location.valid():
                yield OsmCamera(osm_type="node", osm_id=node.id, lon=node.location.lon, lat=node.location.lat, tags=tags,
                                version=node.version or None, timestamp=node.timestamp)
    except RuntimeError as error:  # osmium's word for a file it cannot read
        raise OsmReadError(f"{path}: not a readable PBF extract: {error}") from None


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


READERS = {"fixture": read_fixture, "overpass": read_overpass, "xml": read_osm_xml, "pbf": read_osm_pbf}


def read_osm(path: Path, fmt: str = "auto") -> Iterator[OsmCamera]:
    if fmt not in FORMATS:
        raise OsmReadError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if fmt == "auto":
        fmt = detect_format(path)
    return READERS[fmt](path)
