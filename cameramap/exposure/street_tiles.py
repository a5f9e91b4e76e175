"""Vector tiles (MVT) of the walkable streets coloured by whether they are in view: layer
``streets``, extent 4096, lines with ``id`` (the street segment), ``in_view`` (true for a part
inside at least one field of view of a published camera, false for the rest) and ``share`` (the
segment's length in view over its length, 0..1). The parts come from StreetView, stored with the
exposure figures, so a tile only cuts and encodes: no geometry is computed per request.

Only from ``STREETS_TILE_MIN_ZOOM`` on (a street layer over a whole city is noise on the map and
heavy to send); below it the tile is empty. A street not computed yet (imported since the last
exposure run) is absent rather than shown as out of view.

PostGIS encodes with ``ST_AsMVT`` in one statement; SpatiaLite has no encoder, so the same rows
are read through its R*Tree and encoded in Python (mapbox-vector-tile), lines clipped to the tile
and a 64-unit buffer as ``ST_AsMVTGeom`` does.
"""

import math

import mapbox_vector_tile
import numpy as np
import shapely
from django.conf import settings
from django.db import connection
from shapely import wkb

from cameramap.cameras.tiles import EXTENT, Tile
from cameramap.city.models import StreetSegment
from cameramap.geo import Bbox, in_bbox

from .models import StreetView
from .services import NOT_WALKABLE

LAYER = "streets"
BUFFER = 64  # tile units kept around the tile, so lines join across tile edges


def _search_box(tile: Tile) -> Bbox:
    """The tile's box grown by its buffer: the lines that can reach into the tile."""
    box = tile.bbox()
    pad_x = (box.east - box.west) * BUFFER / EXTENT
    pad_y = (box.north - box.south) * BUFFER / EXTENT
    return Bbox(box.west - pad_x, max(box.south - pad_y, -85.06), box.east + pad_x, min(box.north + pad_y, 85.06))


def streets_tile(tile: Tile) -> bytes:
    """The MVT bytes of the ``streets`` layer for this tile (b"" when it has nothing)."""
    if tile.z < settings.STREETS_TILE_MIN_ZOOM:
        return b""
    if connection.vendor == "postgresql":
        return _tile_postgis(tile)
    return _tile_python(tile)


# --- PostGIS ------------------------------------------------------------------------------------

_SQL = """
    SELECT ST_AsMVT(t, '{layer}', {extent}, 'geom') FROM (
      SELECT ST_AsMVTGeom(ST_Transform(p.part, 3857), ST_TileEnvelope(%s, %s, %s), {extent}, {buffer}, true) AS geom,
             p.id, p.in_view, p.share
      FROM (
        SELECT s.id, parts.in_view, parts.part,
               round((CASE WHEN v.length_m > 0 THEN v.watched_m / v.length_m ELSE 0 END)::numeric, 3)::float8 AS share
        FROM {streets} s
        JOIN {views} v ON v.segment_id = s.id
        CROSS JOIN LATERAL (VALUES (true, v.watched), (false, v.unwatched)) AS parts (in_view, part)
        WHERE s.geometry && ST_MakeEnvelope(%s, %s, %s, %s, 4326) AND parts.part IS NOT NULL
              AND s.highway NOT IN ({not_walkable})
      ) p
    ) t WHERE t.geom IS NOT NULL
"""


def tile_sql(tile: Tile) -> tuple[str, list]:
    """The one statement that builds the tile on PostGIS (also timed by benchmarks/)."""
    sql = _SQL.format(layer=LAYER, extent=EXTENT, buffer=BUFFER, streets=StreetSegment._meta.db_table,
                      views=StreetView._meta.db_table, not_walkable=", ".join(["%s"] * len(NOT_WALKABLE)))
    return sql, [tile.z, tile.x, tile.y, *_search_box(tile), *sorted(NOT_WALKABLE)]


def _tile_postgis(tile: Tile) -> bytes:
    sql, params = tile_sql(tile)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (data,) = cursor.fetchone()
    return bytes(data or b"")


# --- SpatiaLite ---------------------------------------------------------------------------------

def _to_tile(tile: Tile):
    """lon/lat → this tile's units (Web Mercator, y down), as tile_position but unfloored."""
    n = tile.size

    def transform(xy: np.ndarray) -> np.ndarray:
        lon, lat = xy[:, 0], np.clip(xy[:, 1], -85.0511287798, 85.0511287798)
        rad = np.radians(lat)
        px = ((lon + 180) / 360 * n - tile.x) * EXTENT
        py = ((1 - np.log(np.tan(rad) + 1 / np.cos(rad)) / math.pi) / 2 * n - tile.y) * EXTENT
        return np.stack([px, py], axis=1)
    return transform


def _tile_python(tile: Tile) -> bytes:
    segments = in_bbox(StreetSegment.objects.exclude(highway__in=NOT_WALKABLE), _search_box(tile), "geometry")
    rows = (StreetView.objects.filter(segment__in=segments.values("pk"))
            .values_list("segment_id", "length_m", "watched_m", "watched", "unwatched"))
    transform = _to_tile(tile)
    features = []
    for segment_id, length, watched_m, watched, unwatched in rows.iterator(chunk_size=2000):
        share = round(watched_m / length, 3) if length > 0 else 0.0
        for in_view, part in ((True, watched), (False, unwatched)):
            if part is None:
                continue
            line = shapely.clip_by_rect(shapely.transform(wkb.loads(bytes(part.wkb)), transform),
                                        -BUFFER, -BUFFER, EXTENT + BUFFER, EXTENT + BUFFER)
            if line.is_empty or line.length == 0:
                continue
            features.append({"geometry": line.wkt, "properties": {"id": segment_id, "in_view": in_view, "share": share}})
    if not features:
        return b""
    return mapbox_vector_tile.encode([{"name": LAYER, "features": features}],
                                     default_options={"extents": EXTENT, "y_coord_down": True})
