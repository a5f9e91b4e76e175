"""Index-backed "what is near this point" on both backends.

The location columns are ``geometry(Point, 4326)``, so a search in metres takes two steps: a
degree envelope that the spatial index answers (GiST ``&&`` on PostGIS, the R*Tree
``idx_<table>_<column>`` on SpatiaLite, whose ``MbrOverlaps`` would scan the table), then exact
metres on the sphere in Python over the handful of rows the envelope returns.
"""

from django.contrib.gis.geos import Polygon
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from .dedup import distance_m, envelope

MAX_RADIUS_M = 500.0  # no caller may ask for more: an envelope this size is still a few rows


def envelope_filter(queryset: QuerySet, field: str, bbox: tuple[float, float, float, float]) -> QuerySet:
    """Rows whose ``field`` falls in the degree box (xmin, ymin, xmax, ymax), through the index."""
    xmin, ymin, xmax, ymax = bbox
    if connection.vendor == "postgresql":
        box = Polygon.from_bbox(bbox)
        box.srid = 4326
        return queryset.filter(**{f"{field}__bboverlaps": box})
    table = queryset.model._meta.db_table
    column = queryset.model._meta.get_field(field).column
    rtree = connection.ops.quote_name(f"idx_{table}_{column}")
    pks = RawSQL(f"SELECT pkid FROM {rtree} WHERE xmin <= %s AND xmax >= %s AND ymin <= %s AND ymax >= %s", (xmax, xmin, ymax, ymin))
    return queryset.filter(pk__in=pks)


def within(queryset: QuerySet, field: str, lon: float, lat: float, radius_m: float) -> list[tuple[object, float]]:
    """(row, metres) for the rows within radius_m of (lon, lat), nearest first."""
    radius_m = min(radius_m, MAX_RADIUS_M)
    found = []
    for row in envelope_filter(queryset, field, envelope(lon, lat, radius_m)):
        point = getattr(row, field)
        metres = distance_m(lon, lat, point.x, point.y)
        if metres <= radius_m:
            found.append((row, metres))
    found.sort(key=lambda pair: (pair[1], pair[0].pk))
    return found
