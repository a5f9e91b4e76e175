"""Which cameras may be which entry: the cameras that count (published, not merged away, not
marked removed — whatever their source) within an entry's reach, with the distance in metres.

The box search is the spatial index's (on PostGIS one index join for all the entries at once; on
SpatiaLite the R*Tree through geo.in_any_bbox, a few hundred boxes per query); the exact metres
are geo.distance_m's, the same measure deduplication uses."""

import json
import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.db import connection
from scipy.spatial import cKDTree

from cameramap.cameras import vocabulary as v
from cameramap.cameras.models import Camera
from cameramap.cameras.selectors import cameras_published
from cameramap.geo import EARTH_RADIUS_M, Bbox, distance_m, envelope, in_any_bbox

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


def array_literal(values) -> str:
    """A PostgreSQL array literal ('{1.5,NULL,2}') for numbers, booleans, None and plain words.
    Sent as one string and cast in SQL: psycopg adapts a Python list of 10,000 floats element by
    element, which took longer than the index join it feeds."""
    def item(value) -> str:
        if value is None:
            return "NULL"
        if isinstance(value, bool):
            return "t" if value else "f"
        if isinstance(value, (int, float)):
            return repr(value)
        return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
    values = list(values)
    if all(type(value) is float for value in values):  # the boxes: the common case, quickly
        return "{" + ",".join(map(repr, values)) + "}"
    return "{" + ",".join(map(item, values)) + "}"


def jit_off(cursor) -> None:
    """No JIT compilation for the rest of this transaction (PostgreSQL): the joins against
    thousands of entries passed as arrays are estimated a thousand times too large, and compiling
    them costs more than running them. Outside a transaction SET LOCAL does nothing."""
    if connection.in_atomic_block:
        cursor.execute("SET LOCAL jit = off")


def _rows_postgis(boxes: list[Bbox]):
    # No DISTINCT (a camera in two boxes comes twice; cameras_near keeps one): the planner, which
    # cannot know that each box holds a handful of cameras, planned a hash aggregate of millions of
    # rows, spilled it to disk and compiled the query with JIT — half a second of 1.3 s for 10,000
    # boxes. JIT is off for this query's transaction for the same reason.
    sql = f"""
        SELECT c.id, ST_X(c.location), ST_Y(c.location), c.surveillance_type, c.directions::text, c.verified_on IS NOT NULL
        FROM {Camera._meta.db_table} c
        JOIN unnest(%s::float8[], %s::float8[], %s::float8[], %s::float8[]) AS b(w, s, e, n)
          ON c.location && ST_MakeEnvelope(b.w, b.s, b.e, b.n, 4326)
        WHERE c.published AND c.merged_into_id IS NULL AND c.status <> %s"""
    with connection.cursor() as cursor:
        jit_off(cursor)
        cursor.execute(sql, [array_literal([b.west for b in boxes]), array_literal([b.south for b in boxes]),
                             array_literal([b.east for b in boxes]), array_literal([b.north for b in boxes]),
                             v.CameraStatus.REMOVED])
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
    """Points bucketed by a cell of ``cell`` degrees, for "which of these are near here": one
    place at a time (``near``), or every place of a list at once (``pairs``, vectorised)."""

    def __init__(self, points, cell: float):
        self.cell = cell
        self.points = list(points)
        self.buckets = None  # built on the first ``near``; ``pairs`` has its own index
        self._tree = None

    def near(self, lon: float, lat: float, reach_m: float):
        if self.buckets is None:
            self.buckets = defaultdict(list)
            for point in self.points:
                self.buckets[(int(point.lon // self.cell), int(point.lat // self.cell))].append(point)
        box = envelope(lon, lat, reach_m)
        for i in range(int(box.west // self.cell), int(box.east // self.cell) + 1):
            for j in range(int(box.south // self.cell), int(box.north // self.cell) + 1):
                for point in self.buckets.get((i, j), ()):
                    metres = distance_m(lon, lat, point.lon, point.lat)
                    if metres <= reach_m:
                        yield point, metres

    def pairs(self, lons, lats, reaches):
        """Every (place, point) within reach, for many places at once: (place indexes, point
        indexes into ``points``, metres) as arrays, ordered by place then point.

        A k-d tree over the points as unit vectors finds the candidates by chord length — the
        straight line through the Earth, which grows with the great-circle distance, so the
        search is exact at any latitude and across the antimeridian; the metres are then the
        haversine of geo.distance_m, computed for all pairs in one go."""
        empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0))
        if not self.points or len(lons) == 0:
            return empty
        if self._tree is None:
            self._tree = cKDTree(unit_vectors(np.array([p.lon for p in self.points]), np.array([p.lat for p in self.points])))
            self._lons = np.array([p.lon for p in self.points])
            self._lats = np.array([p.lat for p in self.points])
        lons, lats, reaches = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float), np.asarray(reaches, dtype=float)
        # The chord of the reach, a hair longer: the exact test is the haversine below.
        chords = 2 * np.sin(np.minimum(reaches / EARTH_RADIUS_M, math.pi) / 2) * (1 + 1e-9) + 1e-12
        found = self._tree.query_ball_point(unit_vectors(lons, lats), chords, return_sorted=True)
        counts = np.fromiter((len(f) for f in found), dtype=np.int64, count=len(found))
        if counts.sum() == 0:
            return empty
        places = np.repeat(np.arange(len(found)), counts)
        points = np.concatenate([np.asarray(f, dtype=np.int64) for f in found if f])
        metres = haversine_m(lons[places], lats[places], self._lons[points], self._lats[points])
        keep = metres <= reaches[places]
        return places[keep], points[keep], metres[keep]


def unit_vectors(lons, lats):
    lmb, phi = np.radians(lons), np.radians(lats)
    return np.column_stack((np.cos(phi) * np.cos(lmb), np.cos(phi) * np.sin(lmb), np.sin(phi)))


def haversine_m(lon1, lat1, lon2, lat2):
    """geo.distance_m over arrays (the same formula, element by element)."""
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    dphi, dlmb = phi2 - phi1, np.radians(lon2 - lon1)
    h = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(h)))
