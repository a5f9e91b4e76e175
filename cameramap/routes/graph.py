"""The walking graph as pure geometry (Shapely, lon/lat degrees; no ORM): streets cut into edges
at their junctions, and how much of each edge lies in view.

OSM ways meet where they share a node, so two streets join where they have a vertex in common; a
street is cut at every vertex another street (or itself, a second time) passes through, and at
its two ends. A way drawn across another without a shared node (a bridge over a road) is not a
junction, as on the street.
"""

from collections import Counter
from dataclasses import dataclass, field

import shapely
from shapely.geometry import LineString
from shapely.ops import unary_union

from cameramap.exposure.services import length_m

# The camera groups a walk can avoid, as exposure.CameraScope names them.
SCOPES = ("all", "police_city", "facial_recognition")


@dataclass
class Edge:
    source: int
    target: int
    line: LineString
    length_m: float
    watched: dict = field(default_factory=lambda: {scope: 0.0 for scope in SCOPES})
    cameras: list = field(default_factory=list)


@dataclass(frozen=True)
class View:
    """A camera's field of view and the groups the camera belongs to."""

    camera_id: int
    polygon: object
    scopes: frozenset


def _key(x: float, y: float) -> tuple[float, float]:
    # Shared OSM nodes have identical coordinates; rounding to ~1 cm only guards against a
    # coordinate that went through a float conversion differently.
    return (round(x, 7), round(y, 7))


def edges_split(lines: list[LineString]) -> list[Edge]:
    """Cut the street lines at their junctions. Node ids are given from 1 in the order the nodes
    are met, so the same streets in the same order always give the same graph."""
    coords = [shapely.get_coordinates(line) for line in lines]
    seen = Counter(_key(x, y) for xy in coords for x, y in xy)
    nodes: dict[tuple[float, float], int] = {}

    def node(x: float, y: float) -> int:
        return nodes.setdefault(_key(x, y), len(nodes) + 1)

    edges = []
    for xy in coords:
        start = 0
        for i in range(1, len(xy)):
            if i == len(xy) - 1 or seen[_key(*xy[i])] > 1:
                piece = xy[start:i + 1]
                a, b = node(*piece[0]), node(*piece[-1])
                if a != b:  # a closed loop with no junction on it leads nowhere
                    line = LineString(piece)
                    edges.append(Edge(source=a, target=b, line=line, length_m=length_m(line)))
                start = i
    return edges


def edges_weigh(edges: list, views: list[View]) -> None:
    """Set each edge's metres in view per camera group and the cameras whose views it crosses."""
    if not edges or not views:
        return
    tree = shapely.STRtree([view.polygon for view in views])
    edge_index, view_index = tree.query([edge.line for edge in edges], predicate="intersects")
    near: dict[int, list[View]] = {}
    for e, v in zip(edge_index.tolist(), view_index.tolist()):
        near.setdefault(e, []).append(views[v])
    for e, seen in near.items():
        edges[e].watched, edges[e].cameras = line_watched(edges[e].line, seen)


def line_watched(line: LineString, views: list[View]) -> tuple[dict, list[int]]:
    """Metres of the line inside the union of the views, per camera group, and the ids of the
    cameras whose views it crosses (a street seen by two cameras counts once)."""
    watched = {scope: 0.0 for scope in SCOPES}
    crossing = [view for view in views if view.polygon.intersects(line)]
    for scope in SCOPES:
        polygons = [view.polygon for view in crossing if scope in view.scopes]
        if polygons:
            watched[scope] = min(length_m(line), length_m(line.intersection(unary_union(polygons))))
    return watched, sorted(view.camera_id for view in crossing)


def line_coords(parts: list[list[tuple[float, float]]]) -> list[list[float]]:
    """Join consecutive pieces of a route (each already oriented) into one coordinate list."""
    out: list[list[float]] = []
    for xy in parts:
        for x, y in xy:
            if not out or out[-1] != [x, y]:
                out.append([x, y])
    return out
