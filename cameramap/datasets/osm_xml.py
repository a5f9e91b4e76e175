"""OSM XML (API 0.6; JOSM, osmium, Overpass ``[out:xml]``), read with lxml's ``iterparse``: each
element cleared once read, so a large extract is streamed rather than loaded."""

import zlib
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from .osm_records import OsmCamera, OsmReadError, RecordCount, is_camera, osm_float, osm_int, osm_open, osm_timestamp


def xml_cameras(path: Path, count: RecordCount) -> Iterator[OsmCamera]:
    """The cameras of an OSM XML file, counting its elements. Ways and relations count when
    they carry a ``<center>`` (Overpass ``out center``). Versions in a file that cameramap
    wrote are not OSM's (unknown ones are written as 1), so they are not taken over."""
    trust_versions = True
    with osm_open(path) as handle:
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
                count.records += 1
                tags = {tag.get("k"): tag.get("v") for tag in element.iterfind("tag")}
                if is_camera(tags):
                    where = element if element.tag == "node" else element.find("center")
                    osm_id = osm_int(element.get("id"))
                    lon, lat = (osm_float(where.get("lon")), osm_float(where.get("lat"))) if where is not None else (None, None)
                    if osm_id is not None and lon is not None and lat is not None:
                        yield OsmCamera(
                            osm_type=element.tag, osm_id=osm_id, lon=lon, lat=lat,
                            tags=tags, version=osm_int(element.get("version")) if trust_versions else None,
                            timestamp=osm_timestamp(element.get("timestamp")) if trust_versions else None,
                        )
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
        except etree.XMLSyntaxError as error:
            raise OsmReadError(f"{path}: not well-formed XML: {error}") from None
        except (OSError, EOFError, zlib.error) as error:
            raise OsmReadError(f"{path}: cannot be read: {error}") from None


def xml_bounds(path: Path) -> tuple[float, float, float, float] | None:
    """``<bounds minlat minlon maxlat maxlon/>`` (API 0.6, osmium, JOSM) or osmosis'
    ``<bound box="minlat,minlon,maxlat,maxlon"/>``, which come before the first element."""
    with osm_open(path) as handle:
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
