"""Which cameras may be which entry: the cameras that count (published, not merged away, not
marked removed — whatever their source) within an entry's reach, with the distance in metres.

The box search is the spatial index's (on PostGIS one index join for all the entries at once; on
SpatiaLite the R*Tree through geo.in_any_bbox, a few hundred boxes per query); the exact metres
are geo.distance_m's, the same measure deduplication uses."""

import json
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection

from cameramap.cameras import vocabulary as v
from cameramap.cameras.models import Camera
from cameramap.cameras.selectors import cameras_published
from cameramap.geo import Bbox, distance_m, envelope, in_any_bbox

SQLITE_BOXES_PER_QUERY = 200


@dataclass(frozen=True)
class CameraPoint:
    id: int
    lon: float
    lat: float
    surveillance_type: str
    directions_json: str  # parsed only when an entry knows its direction (``directions``)
    verified: bool

    @property
    def directions(self) -> tuple[int, ...]:
        return tuple(json.loads(self.directions_json)) if self.directions_json not in ("", "[]") else ()


def cameras_counted():
    """The cameras a comparison counts: on the street as far as we know, whatever the source."""
    return cameras_published().exclude(status=v.CameraStatus.REMOVED)


def _rows_postgis(boxes: list[Bbox]):
    sql = f"""
        SELECT DISTINCT c.id, ST_X(c.location), ST_Y(c.location), c.surveillance_type, c.directions::text, c.verified_on IS NOT NULL
        FROM {Camera._meta.db_table} c
        JOIN unnest(%s::float8[], %s::float8[], %s::float8[], %s::float8[]) AS b(w, s, e, n)
          ON c.location && ST_MakeEnvelope(b.w, b.s, b.e, b.n, 4326)
        WHERE c.published AND c.merged_into_id IS NULL AND c.status <> %s"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [[b.west for b in boxes], [b.south for b in boxes], [b.east for b in boxes],
                             [b.north for b in boxes], v.CameraStatus.REMOVED])
        yield from cursor.fetchall()


def _rows_sqlite(boxes: list[Bbox]):
    for start in range(0, len(boxes), SQLITE_BOXES_PER_QUERY):
        queryset = in_any_bbox(cameras_counted(), boxes[start:start + SQLITE_BOXES_PER_QUERY])
        for camera in queryset.only("id", "location", "surveillance_type", "directions", "verified_on"):
            yield (camera.id, camera.location.x, camera.location.y, camera.surveillance_type, json.dumps(camera.directions),
                   camera.verified_on is not None)


def cameras_near(places: list[tuple[float, float, float]]) -> dict[int, CameraPoint]:
    """Every counted camera within ``reach`` metres of any of the (lon, lat, reach) places."""
    if not places:
        return {}
    boxes = [envelope(lon, lat, reach) for lon, lat, reach in places]
    rows = _rows_postgis(boxes) if connection.vendor == "postgresql" else _rows_sqlite(boxes)
    found = {}
    for pk, lon, lat, kind, directions, verified in rows:
        found[pk] = CameraPoint(pk, lon, lat, kind, directions or "", bool(verified))
    return found


class Grid:
    """Points bucketed by a cell of ``cell`` degrees, for "which of these are near here"."""

    def __init__(self, points, cell: float):
        self.cell = cell
        self.buckets = defaultdict(list)
        for point in points:
            self.buckets[(int(point.lon // cell), int(point.lat // cell))].append(point)

    def near(self, lon: float, lat: float, reach_m: float):
        box = envelope(lon, lat, reach_m)
        for i in range(int(box.west // self.cell), int(box.east // self.cell) + 1):
            for j in range(int(box.south // self.cell), int(box.north // self.cell) + 1):
                for point in self.buckets.get((i, j), ()):
                    metres = distance_m(lon, lat, point.lon, point.lat)
                    if metres <= reach_m:
                        yield point, metres
