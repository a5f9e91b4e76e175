"""OpenStreetMap XML (API 0.6), as JOSM and osmium read it: one ``man_made=surveillance`` node
per camera, with our attributes mapped back to OSM tags.

Cameras linked to an OSM node keep that node's id (and its version, which JOSM requires for
any element with a positive id; when the source we imported from did not say, version 1 is
written and JOSM sorts it out against the server on upload). Cameras OSM does not have yet get
a negative id (minus our camera id): JOSM treats those as new objects. Cameras mapped in OSM as
ways or relations are left out of this one file (they are in every other format): written as
nodes they would be duplicated in OSM on upload.

OSM's own keys are written, and beside them, in our own ``cameramap:`` namespace, how we know the
camera, which OSM has no key for: ``cameramap:verified=yes|no`` on every node and
``cameramap:verified_on=YYYY-MM-DD`` on the verified ones (the ``verified`` and ``verified_on``
columns of the other formats). Those two are ours, not OpenStreetMap's: a mapper uploading
cameras to OpenStreetMap removes them first (docs/datasets.md). Our other attributes (operator
type, facial recognition, notice sign, dates) have no OSM tag and stay in the other formats.
"""

from collections.abc import Iterable, Iterator

from ..columns import INDEX, Row
from ..osm_tags import ENUM_TAGS, TEXT_TAGS
from ._text import Memo, buffered, row_function, xml_attr

GENERATOR = "cameramap"
NAMESPACE = "cameramap:"  # the prefix of the tags that are ours, not OpenStreetMap's
_YES_NO = {"true": "yes", "false": "no"}  # OSM's words for a boolean
_ID, _LON, _LAT = INDEX["id"], INDEX["lon"], INDEX["lat"]
_OSM_TYPE, _OSM_ID, _OSM_VERSION = INDEX["osm_type"], INDEX["osm_id"], INDEX["osm_version"]


def node_id(row: Row) -> tuple[str, str | None] | None:
    """(id, version) of the node a row becomes, or None when the camera is an OSM way/relation."""
    osm_type, osm_id = row[_OSM_TYPE], row[_OSM_ID]
    if osm_id and osm_type == "node":
        return osm_id, row[_OSM_VERSION] or "1"
    if osm_id and osm_type:
        return None
    return f"-{row[_ID]}", None


def _tag(key: str, escape):
    return lambda value: f'<tag k="{key}" v="{escape(value)}"/>' if value else ""


def _tags_function():
    """The <tag/> elements of a row: OSM's in the order of ``osm_tags`` (the same table both
    ways), then ours (which the import ignores). One f-string, each tag through a Memo (as
    kml.py's placemark)."""
    pieces, names = ['<tag k="man_made" v="surveillance"/>'], {}
    tags = [(key, field, str) for key, (field, _enum) in ENUM_TAGS.items()]  # vocabulary values: nothing to escape
    tags += [(key, field, xml_attr) for key, field in TEXT_TAGS.items()]
    tags += [("camera:direction", "directions", str), ("height", "height", str)]
    tags += [(f"{NAMESPACE}verified", "verified", _YES_NO.get), (f"{NAMESPACE}verified_on", "verified_on", str)]
    for n, (key, field, escape) in enumerate(tags):
        names[f"_t{n}"] = Memo(_tag(key, escape))
        pieces.append(f"{{_t{n}[r[{INDEX[field]}]]}}")
    return row_function("osm_tags", 'f"""' + "".join(pieces) + '"""', **names)


tags = _tags_function()


def _parts(rows: Iterable[Row], meta: dict) -> Iterator[str]:
    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="{GENERATOR}">\n'
    if meta.get("attribution") or meta.get("licence"):
        note = " ".join(str(meta[k]) for k in ("licence", "attribution") if meta.get(k))
        yield f"<!-- {xml_attr(note).replace('--', '- -')} -->\n"
    for row in rows:
        identity = node_id(row)
        if identity is None:
            continue
        osm_id, version = identity
        version_attr = f' version="{version}"' if version else ""
        yield f'<node id="{osm_id}"{version_attr} lat="{row[_LAT]}" lon="{row[_LON]}">{tags(row)}</node>\n'
    yield "</osm>\n"


def stream(rows: Iterable[Row], *, meta: dict | None = None) -> Iterator[bytes]:
    return buffered(_parts(rows, meta or {}))
