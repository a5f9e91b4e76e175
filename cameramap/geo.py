"""Geometry, once: the bottom layer every app measures with. No models of its own; the lookups
take any queryset with a point column.

Locations are ``geometry(Point, 4326)`` in degrees (see cameras/models.py for why), so a search
in metres takes two steps: a degree box that the spatial index answers (``in_bbox``: GiST ``&&``
on PostGIS, the R*Tree ``idx_<table>_<column>`` on SpatiaLite, whose ``MbrOverlaps`` would scan
the table), then exact metres on the sphere in Python over the handful of rows the box returns
(``within``). Longitude is always x and comes first, as in GeoJSON.
"""

import math
import re
from dataclasses import dataclass

from django.contrib.gis.geos import Polygon
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import FloatField, Func, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

EARTH_RADIUS_M = 6_371_008.8  # the mean radius (IUGG)
METRES_PER_DEGREE_LAT_MIN = 110_574.0  # at the equator: the most degrees a metre can take
METRES_PER_DEGREE_LON_EQUATOR = 111_320.0
MAX_RADIUS_M = 500.0  # no caller of ``within`` may ask for more: a box this size is still a few rows
# How a box is written: four decimal numbers (an exponent allowed, spaces around them), separated
# by commas; the pattern the OpenAPI document gives, and not all that float() reads (1_000, tabs,
# "nan"). ASCII classes only, so that Python and JavaScript read it alike.
_NUMBER = r"[ ]*[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?[ ]*"
BBOX_PATTERN = rf"^{_NUMBER},{_NUMBER},{_NUMBER},{_NUMBER}$"


@dataclass(frozen=True)
class Bbox:
    """A box in WGS84 degrees, west < east (a box across the antimeridian is two boxes)."""

    west: float
    south: float
    east: float
    north: float

    def polygon(self) -> Polygon:
        polygon = Polygon.from_bbox((self.west, self.south, self.east, self.north))
        polygon.srid = 4326
        return polygon

    def __iter__(self):
        """(minlon, minlat, maxlon, maxlat), the order GDAL, GeoJSON and OSM write an extent in."""
        return iter((self.west, self.south, self.east, self.north))


def bbox_parse(value: str, *, max_degrees: float | None) -> Bbox:
    """``minlon,minlat,maxlon,maxlat`` in WGS84 degrees → Bbox, or ValidationError (with a
    ``code``: format, not_finite, out_of_world, inverted, too_large)."""
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        raise ValidationError(_("Give four numbers: minlon,minlat,maxlon,maxlat."), code="format") from None
    if not all(math.isfinite(n) for n in (west, south, east, north)):  # "nan", "inf", 1e400
        raise ValidationError(_("Coordinates must be finite numbers."), code="not_finite")
    if not re.fullmatch(BBOX_PATTERN, value):  # what float() reads besides decimals: 1_000, "\t1"…
        raise ValidationError(_("Give four numbers: minlon,minlat,maxlon,maxlat."), code="format")
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= 90 and -90 <= north <= 90):
        raise ValidationError(
            _("Longitudes must be within -180..180 and latitudes within -90..90."), code="out_of_world"
        )
    if west >= east or south >= north:
        raise ValidationError(
            _("The box is inverted or empty: minlon must be less than maxlon and minlat less than maxlat "
              "(a box across the antimeridian must be sent as two requests)."),
            code="inverted",
        )
    if max_degrees is not None and (east - west > max_degrees or north - south > max_degrees):
        raise ValidationError(
            _("The box is too large: at most %(max)s degrees on each side."),
            code="too_large", params={"max": max_degrees},
        )
    return Bbox(west=west, south=south, east=east, north=north)


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in metres (haversine on the mean radius). Off by at most 0.5 % from
    the ellipsoid: millimetres at the scale duplicates are judged on."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    # min(): rounding can push h a hair above 1 for antipodal points, outside asin's domain.
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def envelope(lon: float, lat: float, radius_m: float) -> Bbox:
    """A degree box that surely holds the circle of ``radius_m`` around (lon, lat): what the
    spatial index can answer before distances are measured exactly.

    Conservative on purpose, at any latitude: a degree of latitude is taken at its shortest (the
    equator's), the longitude span at the circle's poleward edge (where a degree of longitude is
    shortest, so the box widens), and both padded by 1 %; the box is clipped to the world."""
    dlat = radius_m / METRES_PER_DEGREE_LAT_MIN * 1.01
    coslat = max(math.cos(math.radians(min(abs(lat) + dlat, 89.9))), 1e-6)
    dlon = min(radius_m / (METRES_PER_DEGREE_LON_EQUATOR * coslat) * 1.01, 180.0)
    return Bbox(west=max(lon - dlon, -180.0), south=max(lat - dlat, -90.0),
                east=min(lon + dlon, 180.0), north=min(lat + dlat, 90.0))


def in_bbox(queryset: QuerySet, bbox: Bbox, field: str = "location") -> QuerySet:
    """Rows whose point ``field`` lies in the box, through the spatial index on both backends.

    PostGIS: ``field && box`` is the GiST index operator, and exact for points. SpatiaLite never
    consults its R*Tree by itself (Django's ``bboverlaps`` becomes a full scan of
    ``MbrOverlaps``), so the index table is asked for the row ids explicitly."""
    return in_any_bbox(queryset, [bbox], field)


def in_any_bbox(queryset: QuerySet, boxes: list[Bbox], field: str = "location") -> QuerySet:
    """Rows whose point ``field`` lies in any of the boxes (many small ones: the neighbourhoods of
    a batch of points), through the spatial index as ``in_bbox``: on SpatiaLite one R*Tree search
    per box, their row ids united."""
    if connection.vendor == "postgresql":
        near = Q()
        for box in boxes:
            near |= Q(**{f"{field}__bboverlaps": box.polygon()})
        return queryset.filter(near)
    table = queryset.model._meta.db_table
    column = queryset.model._meta.get_field(field).column
    rtree = connection.ops.quote_name(f"idx_{table}_{column}")
    search = f"SELECT pkid FROM {rtree} WHERE xmax >= %s AND xmin <= %s AND ymax >= %s AND ymin <= %s"
    params = [value for box in boxes for value in (box.west, box.east, box.south, box.north)]
    return queryset.filter(pk__in=RawSQL(" UNION ".join([search] * len(boxes)), params))


def within(queryset: QuerySet, lon: float, lat: float, radius_m: float, field: str = "location") -> list[tuple[object, float]]:
    """(row, metres) for the rows within ``radius_m`` (at most MAX_RADIUS_M) of (lon, lat),
    nearest first."""
    radius_m = min(radius_m, MAX_RADIUS_M)
    found = []
    for row in in_bbox(queryset, envelope(lon, lat, radius_m), field):
        point = getattr(row, field)
        metres = distance_m(lon, lat, point.x, point.y)
        if metres <= radius_m:
            found.append((row, metres))
    found.sort(key=lambda pair: (pair[1], pair[0].pk))
    return found


class GeodesicArea(Func):
    """Area in square metres on the WGS 84 ellipsoid of a geometry in EPSG:4326.

    Django's ``Area`` on a geometry column in degrees returns square degrees on PostGIS, so the
    cast to geography is spelt out here; SpatiaLite measures on the ellipsoid when asked with
    ``use_ellipsoid = 1``. Both agree to a few parts in ten million."""

    output_field = FloatField()
    arity = 1

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="ST_Area(geography(%(expressions)s))", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="ST_Area(%(expressions)s, 1)", **extra)
