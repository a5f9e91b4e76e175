"""The least-watched walk (``route_plan``): the shortest walking route between two points, and the
route that spends the fewest metres in view of cameras without being longer than
``ROUTE_DETOUR_LIMIT`` × the shortest one.

How (docs/routes.md): the least-watched route under a length limit is a constrained shortest path,
which no engine solves exactly in a few milliseconds. We search the graph with each edge weighing
``length + alpha × metres in view``: alpha 0 gives the shortest route; the larger alpha, the more a
metre in view costs and the longer the detour. Alphas are tried from ``ALPHAS`` (largest first, then
a binary search down the ladder) and the route kept is the one with the fewest metres in view among
those within the limit (the shortest route always is). Both engines (engines.py) run these same
steps on the same edges, so they give the same routes.

Only the edges within a box are read: every path no longer than S between two points lies in the
ellipse whose foci are the points, that is, within S / 2 of their midpoint. The box starts at a
guess and grows until it holds the shortest route and every route the limit allows.

Nothing about the request is stored or logged: the points live in this function's variables only.
"""

from dataclasses import dataclass

import shapely
from django.conf import settings
from django.contrib.gis.db.models.functions import AsWKB
from django.contrib.gis.geos import Point
from django.db import connection, transaction
from django.utils.translation import gettext as _

from cameramap.cameras.models import Area, Camera
from cameramap.geo import distance_m, envelope

from .engines import engine_class
from .graph import line_coords
from .models import RouteEdge
from .snap import Piece, Snap, nearest_edge, pieces

ALPHAS = (1000.0, 100.0, 30.0, 10.0, 3.0, 1.0, 0.3)  # metres of walk one metre in view is worth
SEARCH_M = 2000.0  # how far an off-network point's nearest street is looked for, to say how far it is
SAME_POINT_M = 1.0


class RouteError(ValueError):
    """A request that has no route: ``field`` (from / to) and a message for the person."""

    def __init__(self, field: str, message: str, code: str):
        super().__init__(message)
        self.field, self.message, self.code = field, message, code


@dataclass
class Route:
    coords: list
    length_m: float
    watched_m: float
    cameras: list


def _inside_city(field: str, lon: float, lat: float) -> None:
    areas = Area.objects.filter(is_service_area=True)
    if areas.exists() and not areas.filter(boundary__intersects=Point(x=lon, y=lat, srid=4326)).exists():
        names = ", ".join(areas.order_by("name").values_list("name", flat=True)[:5])
        raise RouteError(field, _("This point is outside the area this service covers: %(areas)s.") % {"areas": names},
                         "outside_city")


def _snap(field: str, lon: float, lat: float) -> Snap:
    _inside_city(field, lon, lat)
    limit = settings.ROUTE_MAX_SNAP_M
    snap = nearest_edge(lon, lat, limit)
    if snap is not None:
        return snap
    farther = nearest_edge(lon, lat, SEARCH_M)
    if farther is None:
        raise RouteError(field, _("No walkable street within %(km)s km of this point: it is outside the city's streets.")
                         % {"km": f"{SEARCH_M / 1000:g}"}, "outside_city")
    raise RouteError(field, _("This point is %(distance)d m from the nearest walkable street; choose a point at most "
                              "%(limit)d m from one.") % {"distance": round(farther.distance_m), "limit": limit}, "off_network")


def _route(path, pieces_by_id: dict[int, Piece], scope: str) -> Route:
    rows = (RouteEdge.objects.filter(pk__in=[i for i, _ in path if i not in pieces_by_id]).annotate(wkb=AsWKB("geometry"))
            .values_list("id", "source", "wkb", "length_m", f"watched_{scope}", "cameras"))
    edges = {row[0]: Piece(id=row[0], source=row[1], target=0, line=shapely.from_wkb(bytes(row[2])), length_m=row[3],
                           watched={scope: row[4]}, cameras=row[5]) for row in rows}
    parts, length, watched, cameras = [], 0.0, 0.0, set()
    for edge_id, from_node in path:
        edge = pieces_by_id.get(edge_id) or edges[edge_id]
        xy = [tuple(c) for c in edge.line.coords]
        parts.append(xy if edge.source == from_node else xy[::-1])
        length += edge.length_m
        watched += edge.watched[scope]
        cameras.update(edge.cameras)
    return Route(coords=line_coords(parts), length_m=length, watched_m=min(watched, length), cameras=sorted(cameras))


def _scope_cameras(ids: set[int], scope: str) -> set[int]:
    cameras = Camera.objects.filter(pk__in=ids)
    if scope == "police_city":
        cameras = cameras.filter(operator_type__in=["police", "city"])
    elif scope == "facial_recognition":
        cameras = cameras.filter(facial_recognition__in=["suspected", "confirmed"])
    return set(cameras.values_list("pk", flat=True))


def _least_watched(engine, scope: str, shortest, limit_m: float, build):
    """Among the alphas' routes within the limit, the one with the fewest metres in view."""
    best = shortest
    tried: dict[float, Route] = {}

    def attempt(alpha: float) -> Route | None:
        path = engine.path(scope, alpha)
        tried[alpha] = build(path) if path else None
        return tried[alpha]

    def keep(route: Route | None) -> bool:
        nonlocal best
        fits = route is not None and route.length_m <= limit_m + 1e-6
        if fits and (route.watched_m, route.length_m) < (best.watched_m, best.length_m):
            best = route
        return fits

    if keep(attempt(ALPHAS[0])):
        return best
    low, high = 1, len(ALPHAS) - 1  # ALPHAS[0] was too long; find the largest alpha that fits
    while low <= high:
        middle = (low + high) // 2
        if keep(attempt(ALPHAS[middle])):
            high = middle - 1
        else:
            low = middle + 1
    return best


def route_plan(*, start: tuple[float, float], end: tuple[float, float], scope: str = "all", engine=None) -> dict:
    """The two routes as a GeoJSON FeatureCollection, or RouteError.

    Read in one snapshot: the graph may be built again (new edge ids) while a request runs, and
    every query of the request must see the same edges."""
    with transaction.atomic():
        if connection.vendor == "postgresql" and not _in_outer_transaction():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return _route_plan(start=start, end=end, scope=scope, engine=engine)


def _in_outer_transaction() -> bool:
    # Within a caller's transaction (a test's) its snapshot rules apply; SET TRANSACTION would fail.
    return bool(connection.savepoint_ids)  # our atomic() made a savepoint: it is not the outermost


def _route_plan(*, start, end, scope, engine) -> dict:
    if distance_m(*start, *end) < SAME_POINT_M:
        raise RouteError("to", _("The start and the end are the same place: choose two different points."), "same_point")
    if distance_m(*start, *end) > settings.ROUTE_MAX_DISTANCE_M:
        raise RouteError("to", _("The end is more than %(km)s km from the start: too far for this walk planner.")
                         % {"km": f"{settings.ROUTE_MAX_DISTANCE_M / 1000:g}"}, "too_far")
    first, last = _snap("from", *start), _snap("to", *end)
    if distance_m(*first.point, *last.point) < SAME_POINT_M:  # two points snapped to one
        raise RouteError("to", _("The start and the end are the same place: choose two different points."), "same_point")
    joins = pieces(first, last)
    by_id = {p.id: p for p in joins}
    engine_type = engine or engine_class()
    straight = distance_m(*first.point, *last.point)
    middle = ((first.point[0] + last.point[0]) / 2, (first.point[1] + last.point[1]) / 2)
    reach = max(1.5 * straight, straight + 300.0)  # a first guess of the longest route worth reading
    ceiling = max(6 * straight, straight + 6000.0)
    detour = settings.ROUTE_DETOUR_LIMIT

    def build(path):
        return _route(path, by_id, scope)

    while True:
        replaced = {first.edge_id, last.edge_id}
        engine_now = engine_type(envelope(*middle, reach / 2 + 1.0), joins, replaced)
        path = engine_now.path(scope, 0.0)
        shortest = build(path) if path else None
        if shortest is not None and shortest.length_m <= reach:
            if detour * shortest.length_m > reach:  # the limit allows routes outside this box
                reach = detour * shortest.length_m
                engine_now = engine_type(envelope(*middle, reach / 2 + 1.0), joins, replaced)
            break
        if reach >= ceiling:
            raise RouteError("to", _("No walkable way joins these two points within %(km)s km: they are on parts of the "
                                     "street network that do not meet (across water, or a fenced area).")
                             % {"km": f"{ceiling / 1000:.1f}"}, "disconnected")
        reach = min(ceiling, max(2 * reach, shortest.length_m if shortest else 0.0))
    limit_m = detour * shortest.length_m
    best = shortest if shortest.watched_m == 0 else _least_watched(engine_now, scope, shortest, limit_m, build)
    if scope != "all":
        in_scope = _scope_cameras(set(shortest.cameras) | set(best.cameras), scope)
        shortest.cameras = [c for c in shortest.cameras if c in in_scope]
        best.cameras = [c for c in best.cameras if c in in_scope]
    return {
        "type": "FeatureCollection",
        "features": [_feature("shortest", shortest), _feature("least_watched", best)],
        "avoid": scope,
        "detour_limit": detour,
        "max_length_m": round(limit_m, 1),
        "from": {"point": list(first.point), "distance_m": round(first.distance_m, 1)},
        "to": {"point": list(last.point), "distance_m": round(last.distance_m, 1)},
        "engine": engine_now.name,
    }


def _feature(name: str, route: Route) -> dict:
    return {"type": "Feature", "id": name, "geometry": {"type": "LineString", "coordinates": route.coords},
            "properties": {"route": name, "length_m": round(route.length_m, 1), "watched_m": round(route.watched_m, 1),
                           "watched_share": round(route.watched_m / route.length_m, 4) if route.length_m else 0.0,
                           "cameras": route.cameras}}
