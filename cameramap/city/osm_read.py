"""Reading an OpenStreetMap extract (.osm.pbf, .osm, .osm.bz2) for the city's base data, with
pyosmium: it streams any of the three formats and keeps node locations for the ways itself
(``locations=True``), so a city extract is read in one pass without holding the file in memory.

Yields plain records (no models): the import (services.py) decides what to keep and stores it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import osmium
from django.contrib.gis.geos import LinearRing, LineString, Point, Polygon

from cameramap.geo import Bbox

# The name tags a street may carry; the first present one is its display name.
NAME_TAGS = ("name", "name:sr", "name:sr-Latn", "name:en", "alt_name", "official_name", "old_name", "short_name", "loc_name")
SUFFIXES = (".osm.pbf", ".pbf", ".osm", ".osm.bz2", ".osm.gz")


class CityReadError(ValueError):
    pass


@dataclass
class CityData:
    bounds: Bbox | None = None
    streets: list[dict] = field(default_factory=list)
    addresses: list[dict] = field(default_factory=list)
    buildings: list[dict] = field(default_factory=list)


def _names(tags) -> dict[str, str]:
    return {key: tags[key] for key in NAME_TAGS if key in tags and tags[key].strip()}


def _float(value) -> float | None:
    try:
        number = float(str(value).replace(",", ".").split()[0])
    except (TypeError, ValueError, IndexError):
        return None
    return number if 0 <= number < 1000 else None


class _Handler(osmium.SimpleHandler):
    def __init__(self, data: CityData, inside: Callable[[float, float], bool]):
        super().__init__()
        self.data, self.inside = data, inside

    def node(self, n):
        tags = n.tags
        if "addr:housenumber" in tags and "addr:street" in tags and n.location.valid():
            lon, lat = n.location.lon, n.location.lat
            if self.inside(lon, lat):
                self.data.addresses.append({"osm_type": "node", "osm_id": n.id, "street": tags["addr:street"],
                                            "housenumber": tags["addr:housenumber"], "location": Point(lon, lat, srid=4326)})

    def way(self, w):
        tags = w.tags
        is_street = "highway" in tags or tags.get("place") == "square"
        is_building = "building" in tags and tags["building"] != "no"
        has_address = "addr:housenumber" in tags and "addr:street" in tags
        if not (is_street or is_building or has_address):
            return
        # A way that reaches outside the extract lacks the nodes out there: a street keeps the
        # part inside, an outline with a gap is no outline.
        coords = [(node.location.lon, node.location.lat) for node in w.nodes if node.location.valid()]
        complete = len(coords) == len(w.nodes)
        if len(coords) < 2 or not any(self.inside(lon, lat) for lon, lat in coords):
            return
        closed = complete and len(coords) >= 4 and coords[0] == coords[-1]
        if is_street:
            self.data.streets.append({"osm_id": w.id, "highway": tags.get("highway") or "square", "names": _names(tags),
                                      "geometry": LineString(coords, srid=4326)})
        if closed and (is_building or has_address):
            polygon = Polygon(LinearRing(coords), srid=4326)
            if not polygon.valid:
                polygon = polygon.buffer(0)
            if is_building and polygon.geom_type == "Polygon" and not polygon.empty:
                self.data.buildings.append({"osm_id": w.id, "building": tags["building"][:40],
                                            "levels": _float(tags.get("building:levels")), "height": _float(tags.get("height")),
                                            "footprint": polygon})
            if has_address and not polygon.empty:
                self.data.addresses.append({"osm_type": "way", "osm_id": w.id, "street": tags["addr:street"],
                                            "housenumber": tags["addr:housenumber"], "location": polygon.point_on_surface})


def _header_bounds(path: Path) -> Bbox | None:
    reader = osmium.io.Reader(str(path), osmium.osm.osm_entity_bits.NOTHING)
    try:
        box = reader.header().box()
    finally:
        reader.close()
    if not box.valid():
        return None
    return Bbox(west=box.bottom_left.lon, south=box.bottom_left.lat, east=box.top_right.lon, north=box.top_right.lat)


def city_read(path: Path, *, bbox: Bbox | None = None) -> CityData:
    """Streets, address points and buildings of the extract, those inside ``bbox`` when given
    (a street or building is kept when any of its nodes is inside). ``bounds`` is ``bbox``, else
    the bounds the file's header declares, else the extent of what was read."""
    path = Path(path)
    if not path.name.lower().endswith(SUFFIXES):
        raise CityReadError(f"{path.name}: give an OpenStreetMap extract (.osm.pbf, .osm or .osm.bz2).")
    if not path.is_file():
        raise CityReadError(f"{path}: no such file.")
    data = CityData()
    inside = (lambda lon, lat: bbox.west <= lon <= bbox.east and bbox.south <= lat <= bbox.north) if bbox else (lambda lon, lat: True)
    try:
        data.bounds = bbox or _header_bounds(path)
        _Handler(data, inside).apply_file(str(path), locations=True)
    except RuntimeError as error:  # pyosmium's word for a damaged or unreadable file
        raise CityReadError(f"{path.name}: not a readable OpenStreetMap file ({error}).") from None
    if data.bounds is None:
        points = [a["location"] for a in data.addresses] + [s["geometry"] for s in data.streets] + [b["footprint"] for b in data.buildings]
        if points:
            extents = [p.extent for p in points]
            data.bounds = Bbox(west=min(e[0] for e in extents), south=min(e[1] for e in extents),
                               east=max(e[2] for e in extents), north=max(e[3] for e in extents))
    return data
