"""Each walkable street segment split into its parts in view and out of view of any published
camera (StreetView, what the ``streets`` vector tiles draw), with Shapely: the embedded
SpatiaLite path. PostGIS stores the same rows in SQL (exposure_sql.py)."""

from collections.abc import Callable

import shapely
from django.contrib.gis.geos import GEOSGeometry
from shapely import wkb
from shapely.geometry import MultiLineString
from shapely.ops import unary_union

from .models import StreetView

BATCH = 2000


def _lines(geometry) -> MultiLineString | None:
    """The line parts of a GEOS result as a MultiLineString, or None when it has none."""
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type == "LineString" and not p.is_empty]
    parts += [q for p in shapely.get_parts(geometry) if p.geom_type == "MultiLineString" for q in p.geoms]
    return MultiLineString(parts) if parts else None


def _geos(shape) -> GEOSGeometry | None:
    return None if shape is None else GEOSGeometry(memoryview(wkb.dumps(shape)), srid=4326)


def street_views_update(streets: list[tuple[int, object]], views: list, *, measure: Callable) -> int:
    """Replace every StreetView: ``streets`` are (segment id, Shapely line), ``views`` the
    fields of view that count; ``measure`` gives a line's length in metres. Call inside the
    transaction that replaces the figures."""
    seen = unary_union(views) if views else None
    rows = []
    if seen is not None:
        shapely.prepare(seen)
    for pk, line in streets:
        if seen is None or not seen.intersects(line):
            watched, unwatched = None, _lines(line)
        else:
            watched, unwatched = _lines(line.intersection(seen)), _lines(line.difference(seen))
        rows.append(StreetView(segment_id=pk, length_m=measure(line), watched_m=measure(watched) if watched else 0.0,
                               watched=_geos(watched), unwatched=_geos(unwatched)))
    StreetView.objects.all().delete()
    StreetView.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)



