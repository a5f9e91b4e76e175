"""Locating entries that have only an address, against the city's own streets and address
points (cameramap/city, from ``manage.py city_import``) — never an outside geocoder.

* a street and a number: the address point with that number (precision ADDRESS_M; of several
  with the same address — a large building's entrances — the one nearest their middle); else a point
  between the nearest numbers on either side of it on the same street (precision: half the gap,
  and more the further it is); else unlocated;
* two streets: where their lines cross (or, when they only come close, the middle of where they
  come within CROSS_NEAR_M); when they cross in places further apart than CROSS_SPREAD_M the
  entry is ambiguous and stays unlocated;
* a street or a square alone: its middle, as precise as its size allows (a square yes, a long
  street no: unlocated, "give a number").

An estimate less precise than OFFICIAL_LOCATE_MAX_PRECISION_M is not a location. Street names are
compared as keys (addresses.py); a name that is not exactly one of the city's is looked for among
the close spellings (difflib, ratio ≥ FUZZY_CUTOFF): "Resavske" finds "Resavska"."""

import difflib
import math
from dataclasses import dataclass

from django.conf import settings
from django.contrib.gis.geos import MultiLineString, Point
from django.utils.translation import gettext as _

from cameramap.city.models import AddressPoint, StreetSegment
from cameramap.geo import distance_m

from .addresses import address_parse

ADDRESS_M = 10.0
CROSSING_M = 15.0
CROSS_NEAR_M = 15.0
CROSS_SPREAD_M = 80.0
FUZZY_CUTOFF = 0.85
METRES_PER_DEGREE = 111_320.0


@dataclass(frozen=True)
class Location:
    lon: float | None
    lat: float | None
    precision_m: float | None
    located_by: str  # address | intersection | unlocated
    reason: str = ""


def _unlocated(reason: str) -> Location:
    return Location(None, None, None, "unlocated", reason)


def _number_value(key: str) -> int | None:
    digits = "".join(c for c in key if c.isdigit())
    return int(digits) if digits else None


class Locator:
    """The city's streets and addresses, read once, for locating many entries."""

    def __init__(self):
        self.lines: dict[str, list] = {}
        for keys, geometry in StreetSegment.objects.values_list("name_keys", "geometry").iterator(chunk_size=5000):
            for key in keys:
                self.lines.setdefault(key, []).append(geometry)
        self.points: dict[str, dict[str, list[Point]]] = {}
        for key, number, location in AddressPoint.objects.values_list("street_key", "number_key", "location").iterator(chunk_size=5000):
            self.points.setdefault(key, {}).setdefault(number, []).append(location)
        self.keys = sorted(set(self.lines) | set(self.points))
        self._unions: dict[str, MultiLineString] = {}
        self.max_precision = settings.OFFICIAL_LOCATE_MAX_PRECISION_M
        self.names: dict[str, str] = {}

    @property
    def empty(self) -> bool:
        return not self.keys

    def _key(self, key: str) -> str | None:
        if key in self.lines or key in self.points:
            return key
        close = difflib.get_close_matches(key, self.keys, n=1, cutoff=FUZZY_CUTOFF)
        return close[0] if close else None

    def _union(self, key: str) -> MultiLineString | None:
        if key not in self._unions:
            lines = self.lines.get(key)
            self._unions[key] = MultiLineString(*lines, srid=4326).unary_union if lines else None
        return self._unions[key]

    def locate(self, written: str) -> Location:
        if self.empty:
            return _unlocated(_("no streets imported for the city (manage.py city_import)"))
        address = address_parse(written)
        if address is None:
            return _unlocated(_("not an address that can be read"))
        keys = [self._key(key) for key in address.streets]
        missing = [name for name, key in zip(address.names, keys) if key is None]
        if missing:
            return _unlocated(_("no street named “%(name)s”") % {"name": missing[0]})
        self.names = dict(zip(keys, address.names))  # for messages: the streets as the list wrote them
        if len(keys) == 2:
            return self._crossing(*keys)
        if address.number:
            found = self._numbered(keys[0], address.number)
            if found is not None:
                return found
        return self._whole(keys[0], address.number)

    def _cluster(self, points: list[Point], base_m: float, located_by: str, what: str) -> Location:
        spread = max((distance_m(a.x, a.y, b.x, b.y) for a in points for b in points), default=0.0)
        if spread > CROSS_SPREAD_M:
            return _unlocated(_("%(what)s is in %(n)s places up to %(m)d m apart") % {"what": what, "n": len(points), "m": spread})
        lon, lat = sum(p.x for p in points) / len(points), sum(p.y for p in points) / len(points)
        return Location(lon, lat, base_m + spread / 2, located_by)

    def _address(self, points: list[Point]) -> Location:
        """One address, often at several points (the entrances of a large building): the point
        nearest to their middle, as precise as half their spread."""
        lon, lat = sum(p.x for p in points) / len(points), sum(p.y for p in points) / len(points)
        middle = min(points, key=lambda p: (distance_m(lon, lat, p.x, p.y), p.x, p.y))
        spread = max((distance_m(middle.x, middle.y, p.x, p.y) for p in points), default=0.0)
        if ADDRESS_M + spread > self.max_precision:
            return _unlocated(_("this address is in %(n)s places up to %(m)d m apart") % {"n": len(points), "m": spread})
        return Location(middle.x, middle.y, ADDRESS_M + spread, "address")

    def _numbered(self, key: str, number: str) -> Location | None:
        numbers = self.points.get(key, {})
        if number in numbers:
            return self._address(numbers[number])
        wanted = _number_value(number)
        same_side = sorted((value, points[0]) for n, points in numbers.items()
                           if (value := _number_value(n)) is not None and value % 2 == wanted % 2)
        below = [pair for pair in same_side if pair[0] < wanted][-1:]
        above = [pair for pair in same_side if pair[0] > wanted][:1]
        if below and above:
            (n1, p1), (n2, p2) = below[0], above[0]
            share = (wanted - n1) / (n2 - n1)
            lon, lat = p1.x + (p2.x - p1.x) * share, p1.y + (p2.y - p1.y) * share
            precision = ADDRESS_M + distance_m(p1.x, p1.y, p2.x, p2.y) / 2
            if precision <= self.max_precision:
                return Location(lon, lat, precision, "address")
        return None

    def _whole(self, key: str, number: str) -> Location:
        union = self._union(key)
        if union is None:
            return _unlocated(_("number %(number)s not found on %(street)s") % {"number": number, "street": self.names.get(key, key)})
        xmin, ymin, xmax, ymax = union.extent
        centre = union.interpolate(union.project(union.centroid)) if union.geom_type != "MultiLineString" else union.centroid
        precision = max(distance_m(centre.x, centre.y, x, y) for x in (xmin, xmax) for y in (ymin, ymax))
        if precision > self.max_precision:
            if number:
                return _unlocated(_("number %(number)s not found on %(street)s, which is too long to place without it") % {
                    "number": number, "street": self.names.get(key, key)})
            return _unlocated(_("%(street)s is too long to place without a house number") % {"street": self.names.get(key, key)})
        return Location(centre.x, centre.y, max(precision, ADDRESS_M), "address")

    def _crossing(self, first: str, second: str) -> Location:
        a, b = self._union(first), self._union(second)
        first, second = self.names.get(first, first), self.names.get(second, second)
        if a is None or b is None:
            return _unlocated(_("%(street)s has no street line to cross") % {"street": first if a is None else second})
        meeting = a.intersection(b)
        if meeting.empty:
            near_deg = CROSS_NEAR_M / (METRES_PER_DEGREE * max(math.cos(math.radians(a.centroid.y)), 0.01))
            meeting = a.buffer(near_deg).intersection(b)
            if meeting.empty:
                return _unlocated(_("%(a)s and %(b)s do not cross") % {"a": first, "b": second})
            centre = meeting.centroid
            return Location(centre.x, centre.y, CROSSING_M + CROSS_NEAR_M, "intersection")
        points = [meeting] if meeting.geom_type == "Point" else [g.centroid for g in meeting]
        return self._cluster(points, CROSSING_M, "intersection", _("the crossing of %(a)s and %(b)s") % {"a": first, "b": second})
