"""A camera's field of view as a polygon — pure geometry, no ORM (Shapely, in metres).

The model is deliberately simple and published with every figure (``fov_model``) so anyone can
recompute or dispute it: each direction a camera faces gets a sector (a pie slice) whose angle
and range come from the camera's kind (``settings.FOV_MODEL``); a dome, whose lens cannot be seen
from the street, gets a full circle; a camera whose direction nobody recorded gets a circle of a
shorter range. Cameras that record no street (indoor ones, guards, gunshot detectors) get none.

Buildings: a camera does not see through a wall. The polygon is a *visibility* polygon, not the
sector minus the footprints: rays are cast from the camera every ``RAY_STEP_DEG`` degrees, each
cut at the first building it meets, and the polygon joins the rays' ends. A building behind
another one, or a street behind a building, is therefore out of view. A footprint that contains
the camera itself (an OSM node placed a little inside the wall it hangs on) is ignored, and the
first ``NEAR_M`` of each ray too, so the wall a camera is mounted on does not blind it.

Coordinates: a local equirectangular projection around the camera (metres east and north),
exact enough over the tens of metres a camera sees (the error is far below a metre).
"""

import math
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.ops import unary_union

EARTH_RADIUS_M = 6_371_008.8
RAY_STEP_DEG = 2.0
NEAR_M = 1.0
SHRINK_M = 0.05

# The default table (settings.FOV_MODEL overrides it, key by key). Keys: a camera type
# (OSM camera:type), "ALPR" (surveillance:type=ALPR, whatever its camera type), "" (a camera of
# unknown type facing a known direction) and "no_direction". "type/mount" keys (e.g.
# "fixed/street_lamp") may refine an entry for one mount.
DEFAULT_FOV_MODEL = {
    "fixed": {"angle": 60, "range": 30},
    "panning": {"angle": 120, "range": 30},
    "dome": {"angle": 360, "range": 20},
    "ALPR": {"angle": 30, "range": 50},
    "": {"angle": 60, "range": 30},
    "no_direction": {"angle": 360, "range": 15},
}
NO_VIEW_TYPES = {"guard", "gunshot_detector"}
NO_VIEW_SURVEILLANCE = {"indoor"}


@dataclass(frozen=True)
class ViewSpec:
    angle: float
    range: float


def model_entry(model: dict, *, surveillance_type: str, camera_type: str, mount: str, has_direction: bool) -> ViewSpec:
    """The angle and range the model gives a camera of this kind."""
    if surveillance_type == "ALPR":
        key = "ALPR"
    elif camera_type == "dome":
        key = "dome"
    elif not has_direction:
        key = "no_direction"
    else:
        key = camera_type if camera_type in model else ""
    entry = model.get(f"{key}/{mount}") or model[key]
    return ViewSpec(angle=float(entry["angle"]), range=float(entry["range"]))


class LocalProjection:
    """Metres east/north of an origin, and back to degrees."""

    def __init__(self, lon: float, lat: float):
        self.lon, self.lat = lon, lat
        self.ky = math.pi * EARTH_RADIUS_M / 180.0
        self.kx = self.ky * math.cos(math.radians(lat))

    def to_metres(self, geometry):
        return shapely.transform(geometry, lambda xy: (xy - (self.lon, self.lat)) * (self.kx, self.ky))

    def to_degrees(self, geometry):
        return shapely.transform(geometry, lambda xy: xy / (self.kx, self.ky) + (self.lon, self.lat))


def _bearings(direction: float, angle: float) -> list[float]:
    if angle >= 360:
        count = int(math.ceil(360 / RAY_STEP_DEG))
        return [i * 360 / count for i in range(count)]
    count = max(2, int(math.ceil(angle / RAY_STEP_DEG)))
    return [direction - angle / 2 + angle * i / count for i in range(count + 1)]


def _ray_ends(bearings: list[float], reach: float, walls) -> list[tuple[float, float]]:
    """Where each ray from (0, 0) along these bearings (degrees clockwise from north) stops: at
    ``reach`` metres, or at the first wall it meets (all rays at once, in GEOS)."""
    radians = np.radians(np.asarray(bearings, dtype=float))
    dx, dy = np.sin(radians), np.cos(radians)
    distance = np.full(len(bearings), reach)
    if walls is not None:
        starts = np.stack([dx * NEAR_M, dy * NEAR_M], axis=1)
        ends = np.stack([dx * reach, dy * reach], axis=1)
        rays = shapely.linestrings(np.stack([starts, ends], axis=1))
        hits = shapely.intersection(rays, walls)
        blocked = ~shapely.is_empty(hits)
        distance[blocked] = np.maximum(NEAR_M, shapely.distance(Point(0, 0), hits[blocked]))
    return list(zip((dx * distance).tolist(), (dy * distance).tolist()))


def view_polygon_m(*, directions: list[int], spec: ViewSpec, buildings_m: list) -> Polygon | MultiPolygon | None:
    """The field of view in local metres around the camera at (0, 0)."""
    origin = Point(0, 0)
    # Footprints shrunk by a few centimetres, so that a ray grazing along the wall the camera
    # hangs on is not taken for one running into it; a ray that starts inside a building (behind
    # the wall) is stopped where it starts.
    walls = [b.buffer(-SHRINK_M) for b in buildings_m if not b.contains(origin) and b.distance(origin) < spec.range]
    walls = [b for b in walls if not b.is_empty]
    walls = unary_union(walls) if walls else None
    if spec.angle >= 360 or not directions:
        ends = _ray_ends(_bearings(0, 360), spec.range, walls)
        return Polygon(ends).buffer(0)
    sectors = []
    for direction in directions:
        ends = _ray_ends(_bearings(direction, spec.angle), spec.range, walls)
        sectors.append(Polygon([(0, 0), *ends]).buffer(0))
    return unary_union(sectors)


def camera_view(*, lon: float, lat: float, directions: list[int], surveillance_type: str, surveillance: str,
                camera_type: str, mount: str, buildings: list, model: dict):
    """The camera's field of view in degrees (a Shapely MultiPolygon, lon/lat), or None when the
    model gives it none. ``buildings``: footprints near it (Shapely polygons, lon/lat)."""
    if surveillance_type in NO_VIEW_TYPES or surveillance in NO_VIEW_SURVEILLANCE:
        return None
    spec = model_entry(model, surveillance_type=surveillance_type, camera_type=camera_type, mount=mount,
                       has_direction=bool(directions))
    projection = LocalProjection(lon, lat)
    view = view_polygon_m(directions=list(directions), spec=spec,
                          buildings_m=[projection.to_metres(b) for b in buildings])
    if view is None or view.is_empty:
        return None
    # Seven decimals of a degree: about a centimetre, and half the digits GEOS would print.
    view = shapely.set_precision(projection.to_degrees(view), 1e-7)
    polygons = list(view.geoms) if hasattr(view, "geoms") else [view]
    return MultiPolygon([p for p in polygons if isinstance(p, Polygon) and not p.is_empty])


def model_table(model: dict, *, buildings: bool) -> dict:
    """The model as published with every figure: per key the angle and range in metres."""
    return {
        "buildings_considered": buildings,
        "ray_step_deg": RAY_STEP_DEG,
        "entries": {key or "unknown_type": {"angle_deg": float(v["angle"]), "range_m": float(v["range"])}
                    for key, v in model.items()},
        "no_view": sorted(NO_VIEW_TYPES) + [f"surveillance={s}" for s in sorted(NO_VIEW_SURVEILLANCE)],
    }
