"""Computing fields of view (``fov_update``) and the street exposure figures (``exposure_update``).

The geometry is done in Python with Shapely (GEOS, the library PostGIS and SpatiaLite use too) on
both database backends, over rows the spatial index selects: the same code gives the same figures
on PostGIS and on the embedded SpatiaLite (tests compare the two on the Helsinki streets). Lengths
are measured on the sphere, vertex to vertex (``length_m``).
"""

import hashlib
import json

import numpy as np
import shapely
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.contrib.gis.geos import GEOSGeometry
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from shapely import wkb
from shapely.ops import unary_union

from cameramap.cameras.models import Area, Camera
from cameramap.city.models import Building, StreetSegment
from cameramap.geo import EARTH_RADIUS_M, Bbox, envelope, in_bbox

from .exposure_sql import exposure_update_sql
from .fov import DEFAULT_FOV_MODEL, camera_view, model_table
from .models import CameraScope, FieldOfView, StreetExposure
from .street_views import street_views_update

# highway=* values a person on foot cannot (or may not) walk along: left out of the street length.
NOT_WALKABLE = {"motorway", "motorway_link", "construction", "proposed", "planned", "abandoned", "razed",
                "raceway", "bus_guideway", "escape", "busway"}
BATCH = 500
MAX_RANGE_M = 500.0  # the buildings near a camera are fetched within its longest range
# What a field of view is computed from: a camera's (or a past version's) columns the model reads.
VIEW_FIELDS = ("location", "directions", "surveillance_type", "surveillance", "camera_type", "mount")


def fov_model() -> dict:
    """The model in force: the defaults, with settings.FOV_MODEL's entries over them. A wrong
    entry stops the work with ImproperlyConfigured rather than drawing nonsense."""
    model = {**DEFAULT_FOV_MODEL, **getattr(settings, "FOV_MODEL", {})}
    for key, entry in model.items():
        try:
            angle, reach = float(entry["angle"]), float(entry["range"])
        except (TypeError, KeyError, ValueError):
            raise ImproperlyConfigured(f"FOV_MODEL[{key!r}]: give {{\"angle\": degrees, \"range\": metres}}") from None
        if not (0 < angle <= 360 and 0 < reach <= MAX_RANGE_M):
            raise ImproperlyConfigured(f"FOV_MODEL[{key!r}]: the angle must be 0..360 and the range 0..{MAX_RANGE_M:g} m")
    return model


def fov_model_published() -> dict:
    """The model as the API and the downloads publish it, beside every exposure figure."""
    return model_table(fov_model(), buildings=Building.objects.exists())


def _shape(geometry):
    return wkb.loads(bytes(geometry.wkb))


def _geos(shape):
    geometry = GEOSGeometry(memoryview(wkb.dumps(shape)), srid=4326)
    return geometry


def _view(camera: Camera, *, model: dict, reach: float, with_buildings: bool):
    lon, lat = camera.location.x, camera.location.y
    near = []
    if with_buildings:
        footprints = in_bbox(Building.objects.all(), envelope(lon, lat, reach), "footprint")
        near = [_shape(footprint) for footprint in footprints.values_list("footprint", flat=True)]
    view = camera_view(lon=lon, lat=lat, directions=camera.directions or [], surveillance_type=camera.surveillance_type,
                       surveillance=camera.surveillance, camera_type=camera.camera_type, mount=camera.mount,
                       buildings=near, model=model)
    return _geos(view) if view is not None else None


def fov_update(*, camera_ids: list[int] | None = None, progress=None) -> int:
    """Compute the field of view of these cameras (every camera's when None) and store it, a
    batch per transaction. Returns how many were computed. ``progress(done, total)`` is told
    after each batch."""
    model = fov_model()
    reach = max(float(entry["range"]) for entry in model.values())
    with_buildings = Building.objects.exists()
    cameras = Camera.objects.order_by("pk")
    if camera_ids is not None:
        cameras = cameras.filter(pk__in=camera_ids)
    ids = list(cameras.values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = list(Camera.objects.filter(pk__in=ids[start:start + BATCH]).only(*VIEW_FIELDS))
        views = [FieldOfView(camera_id=camera.pk, buildings=with_buildings,
                             geometry=_view(camera, model=model, reach=reach, with_buildings=with_buildings))
                 for camera in batch]
        with transaction.atomic():
            FieldOfView.objects.filter(camera_id__in=[camera.pk for camera in batch]).delete()
            FieldOfView.objects.bulk_create(views)
        if progress:
            progress(min(start + BATCH, len(ids)), len(ids))
    return len(ids)


def length_m(geometry) -> float:
    """The length of a (multi)line in lon/lat degrees, in metres on the sphere."""
    total = 0.0
    for part in shapely.get_parts(geometry):
        if part.geom_type not in ("LineString", "LinearRing"):
            total += sum(length_m(p) for p in shapely.get_parts(part)) if part.geom_type.startswith("Multi") else 0.0
            continue
        xy = np.radians(shapely.get_coordinates(part))
        if len(xy) < 2:
            continue
        dlon, dlat = np.diff(xy[:, 0]), np.diff(xy[:, 1])
        lat1, lat2 = xy[:-1, 1], xy[1:, 1]
        h = np.sin(dlat / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin(dlon / 2) ** 2
        total += float(np.sum(2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(h)))))
    return total


def _streets(region):
    """The walkable street lines inside the region (all of them when None), clipped to it."""
    segments = StreetSegment.objects.exclude(highway__in=NOT_WALKABLE)
    if region is not None:
        segments = in_bbox(segments, Bbox(*region.bounds), "geometry")
    lines = [_shape(g) for g in segments.values_list("geometry", flat=True)]
    if region is None or not lines:
        return lines
    shapely.prepare(region)
    lines = np.array(lines, dtype=object)
    inside = lines[shapely.intersects(region, lines)]
    return [g for g in shapely.intersection(inside, region) if not g.is_empty]


def _streets_with_ids() -> list[tuple[int, object]]:
    segments = StreetSegment.objects.exclude(highway__in=NOT_WALKABLE).order_by("pk")
    return [(pk, _shape(g)) for pk, g in segments.values_list("pk", "geometry")]


def _views(scope: str, verified_only: bool, bounds, cameras=None) -> list:
    if cameras is not None:
        return _views_of(cameras, scope, verified_only, bounds)
    views = FieldOfView.objects.filter(
        geometry__isnull=False, camera__published=True, camera__status="present", camera__merged_into__isnull=True,
    )
    if scope == CameraScope.POLICE_CITY:
        views = views.filter(camera__operator_type__in=["police", "city"])
    elif scope == CameraScope.FACIAL_RECOGNITION:
        views = views.filter(camera__facial_recognition__in=["suspected", "confirmed"])
    if verified_only:
        views = views.filter(camera__verified_on__isnull=False)
    if bounds is not None:
        views = in_bbox(views, Bbox(*bounds), "geometry")
    return [_shape(g) for g in views.values_list("geometry", flat=True)]


def _views_of(cameras, scope: str, verified_only: bool, bounds) -> list:
    """The fields of view of ``cameras`` (the versions of a past day, timeline/) in this scope,
    computed by views_computed."""
    cameras = cameras.filter(status="present")
    if scope == CameraScope.POLICE_CITY:
        cameras = cameras.filter(operator_type__in=["police", "city"])
    elif scope == CameraScope.FACIAL_RECOGNITION:
        cameras = cameras.filter(facial_recognition__in=["suspected", "confirmed"])
    if verified_only:
        cameras = cameras.filter(verified_on__isnull=False)
    if bounds is not None:
        reach = max(float(entry["range"]) for entry in fov_model().values())
        west, south, east, north = bounds
        corner = envelope(west, south, reach)
        far = envelope(east, north, reach)
        cameras = in_bbox(cameras, Bbox(west=corner.west, south=corner.south, east=far.east, north=far.north))
    views = views_computed(cameras.only("id", *VIEW_FIELDS))
    return [_shape(view) for _camera_id, view in views if view is not None]


def _view_cache_key(camera, model_key: str) -> str:
    """The cache key of one version's view: its inputs and the model, not the version's row (a
    rebuild of the versions makes new rows of the same versions)."""
    inputs = [model_key, camera.location.x, camera.location.y, list(camera.directions or []), camera.surveillance_type,
              camera.surveillance, camera.camera_type, camera.mount]
    return "exposure:fov:" + hashlib.sha256(json.dumps(inputs, default=str).encode()).hexdigest()


def views_computed(cameras) -> list[tuple[int, GEOSGeometry | None]]:
    """(camera id, field of view or None) for each of ``cameras`` — versions of a past day
    (timeline/) or an unsaved Camera as it was then — computed from where each stood and how it
    was turned then, as fov_update computes today's, against today's buildings. Nothing is stored
    for a past day, so each view is cached (STATISTICS_CACHE_S) under the version's inputs, the
    model and today's buildings: the map asks for the same day's views again as it is panned."""
    cameras = list(cameras)
    model = fov_model()
    reach = max(float(entry["range"]) for entry in model.values())
    # A city import writes new building rows: the newest one's id tells today's buildings apart.
    buildings = Building.objects.aggregate(newest=Max("pk"))["newest"]
    with_buildings = buildings is not None
    model_key = json.dumps([model, buildings], sort_keys=True, default=str)
    keys = [_view_cache_key(camera, model_key) for camera in cameras]
    known = cache.get_many(keys)
    fresh = {}
    for camera, key in zip(cameras, keys):
        if key not in known:
            view = _view(camera, model=model, reach=reach, with_buildings=with_buildings)
            fresh[key] = bytes(view.wkb) if view is not None else b""
    if fresh:
        cache.set_many(fresh, timeout=settings.STATISTICS_CACHE_S)
    known.update(fresh)
    return [(camera.id, GEOSGeometry(memoryview(known[key]), srid=4326) if known[key] else None)
            for camera, key in zip(cameras, keys)]


def _watched(lines: list, views: list) -> float:
    if not lines or not views:
        return 0.0
    seen = unary_union(views)
    shapely.prepare(seen)
    lines = np.array(lines, dtype=object)
    hit = lines[shapely.intersects(seen, lines)]
    return sum(length_m(g) for g in shapely.intersection(hit, seen))


def exposure_figures(region, cameras=None) -> list[dict]:
    """For one region (a Shapely polygon, or None for every street): the street length and, per
    camera scope and verified-only or not, the length in view and the cameras counted. With
    ``cameras`` (the cameras of a past day), their fields of view are computed for the purpose;
    else the stored ones are read."""
    lines = _streets(region)
    street = sum(length_m(g) for g in lines)
    bounds = shapely.unary_union(lines).bounds if lines else None
    figures = []
    for scope in CameraScope.values:
        for verified_only in (False, True):
            views = _views(scope, verified_only, bounds, cameras) if lines else []
            if region is not None and views:
                views = [v for v in views if v.intersects(region)]
            figures.append({"scope": scope, "verified_only": verified_only, "street_m": street,
                            "watched_m": min(street, _watched(lines, views)), "cameras": len(views)})
    return figures


def exposure_update(*, engine: str | None = None, progress=None) -> int:
    """Compute every district's figures and the city's, and replace the stored ones (and the
    streets' parts in view) at once. ``engine``: "sql" (PostGIS only, its default; exposure_sql.py)
    or "python" (Shapely, the default elsewhere). ``progress(done, total)`` is told as it goes."""
    if engine is None:
        engine = "sql" if connection.vendor == "postgresql" else "python"
    if engine == "sql":
        return exposure_update_sql(not_walkable=NOT_WALKABLE, progress=progress)
    now = timezone.now()
    rows = [StreetExposure(area=None, computed_at=now, **f) for f in exposure_figures(None)]
    for area in Area.objects.filter(is_service_area=False).order_by("pk"):
        region = _shape(area.boundary)
        rows += [StreetExposure(area=area, computed_at=now, **f) for f in exposure_figures(region)]
    with transaction.atomic():
        StreetExposure.objects.all().delete()
        StreetExposure.objects.bulk_create(rows)
        street_views_update(_streets_with_ids(), _views(CameraScope.ALL, False, None), measure=length_m)
    if progress:
        progress(1, 1)
    return len(rows)
