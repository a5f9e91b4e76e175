"""Where a route starts and ends on the walking graph: the nearest point of the nearest edge to
the point asked for, and the two (or three) pieces that point cuts its edge into, each weighed
like the graph's edges. The pieces become temporary edges of that one search, on both engines.
"""

from dataclasses import dataclass

import numpy as np
import shapely
from django.contrib.gis.db.models.functions import AsWKB
from shapely.geometry import LineString, Point
from shapely.ops import substring

from cameramap.exposure.fov import LocalProjection
from cameramap.exposure.models import FieldOfView
from cameramap.exposure.services import length_m
from cameramap.geo import envelope, in_bbox

from .graph import line_watched
from .models import RouteEdge
from .services import views_counted

# Ids of the temporary nodes and edges: far above any id the graph's table gives.
START_NODE, END_NODE = 2**40 + 1, 2**40 + 2
VIRTUAL_EDGE = 2**40


@dataclass(frozen=True)
class Snap:
    edge_id: int
    source: int
    target: int
    line: LineString  # the edge, lon/lat
    fraction: float  # where along it (0 at source, 1 at target), by length
    point: tuple[float, float]
    distance_m: float  # from the point asked for
    cameras: tuple = ()  # whose fields of view cross the edge (the graph's RouteEdge.cameras)


@dataclass
class Piece:
    id: int
    source: int
    target: int
    line: LineString
    length_m: float
    watched: dict
    cameras: list


def nearest_edge(lon: float, lat: float, radius_m: float) -> Snap | None:
    """The nearest edge within ``radius_m`` (a degree box through the spatial index, then metres
    in a local projection around the point), or None."""
    rows = list(in_bbox(RouteEdge.objects.all(), envelope(lon, lat, radius_m), "geometry")
                .annotate(wkb=AsWKB("geometry")).values_list("id", "source", "target", "wkb", "cameras"))
    if not rows:
        return None
    local = LocalProjection(lon, lat)
    lines = list(shapely.from_wkb([bytes(row[3]) for row in rows]))  # no GEOS objects of Django's: faster
    metric = local.to_metres(np.array(lines, dtype=object))
    distances = shapely.distance(Point(0, 0), metric)
    best = min(range(len(rows)), key=lambda i: (round(float(distances[i]), 6), rows[i][0]))
    if distances[best] > radius_m:
        return None
    along = metric[best].project(Point(0, 0), normalized=True) if metric[best].length > 0 else 0.0
    on = local.to_degrees(metric[best].interpolate(along, normalized=True))
    edge_id, source, target, _, cameras = rows[best]
    return Snap(edge_id=edge_id, source=source, target=target, line=lines[best], fraction=float(along),
                point=(on.x, on.y), distance_m=float(distances[best]), cameras=tuple(cameras))


def _cut(line: LineString, start: float, end: float) -> LineString:
    """The part of a lon/lat line between two fractions of its length in metres."""
    local = LocalProjection(*line.coords[0])
    metric = local.to_metres(line)
    part = substring(metric, start, end, normalized=True)
    if part.geom_type == "Point":  # both fractions equal: a piece of no length
        part = LineString([part.coords[0], part.coords[0]])
    return local.to_degrees(part)


def _near_views(snaps: list[Snap]):
    """The views that cross the snapped edges: those the graph lists on them, read by camera."""
    cameras = {camera for snap in snaps for camera in snap.cameras}
    return views_counted(FieldOfView.objects.filter(camera_id__in=cameras)) if cameras else []


def pieces(start: Snap, end: Snap) -> list[Piece]:
    """The temporary edges joining the start and end points to the graph: each point splits its
    edge in two; when both lie on one edge, it is split in three."""
    cuts: list[tuple[int, int, LineString, float, float]] = []  # (source, target, edge line, from, to)
    if start.edge_id == end.edge_id:
        first, second = sorted([(start.fraction, START_NODE), (end.fraction, END_NODE)])
        cuts += [(start.source, first[1], start.line, 0.0, first[0]), (first[1], second[1], start.line, first[0], second[0]),
                 (second[1], start.target, start.line, second[0], 1.0)]
    else:
        for snap, node in ((start, START_NODE), (end, END_NODE)):
            cuts += [(snap.source, node, snap.line, 0.0, snap.fraction), (node, snap.target, snap.line, snap.fraction, 1.0)]
    views = _near_views([start, end])
    out = []
    for number, (source, target, line, a, b) in enumerate(cuts, start=1):
        part = _cut(line, a, b)
        watched, cameras = line_watched(part, views)
        out.append(Piece(id=VIRTUAL_EDGE + number, source=source, target=target, line=part, length_m=length_m(part),
                         watched=watched, cameras=cameras))
    return out
