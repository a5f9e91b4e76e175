"""Geodesic helpers that read the same on PostGIS and SpatiaLite."""

import math

from django.db.models import FloatField, Func

EARTH_RADIUS_M = 6_371_008.8


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


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in metres (haversine); within centimetres of the ellipsoid at the
    few-metre scale duplicates are judged on."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def degree_envelope(lon: float, lat: float, radius_m: float) -> tuple[float, float, float, float]:
    """A box in degrees that holds every point within ``radius_m`` of (lon, lat): what the
    spatial index can answer before distances are measured exactly."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlon = dlat / max(math.cos(math.radians(lat)), 1e-6)
    return lon - dlon, lat - dlat, lon + dlon, lat + dlat
