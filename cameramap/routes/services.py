"""Building the walking graph (``route_graph_update``): the walkable streets cut at junctions,
weighed by the stored fields of view, replacing the previous graph in one transaction. Run by
tasks.route_graph_compute whenever the fields of view change (which they do after every city
import too), and by ``manage.py route_graph``."""

from django.contrib.gis.geos import GEOSGeometry
from django.db import transaction
from shapely import wkb

from cameramap.city.models import StreetSegment
from cameramap.exposure.models import FieldOfView
from cameramap.exposure.services import NOT_WALKABLE

from .graph import View, edges_split, edges_weigh
from .models import RouteEdge

BATCH = 2000
POLICE_CITY = {"police", "city"}
FACIAL_RECOGNITION = {"suspected", "confirmed"}


def _shape(geometry):
    return wkb.loads(bytes(geometry.wkb))


def camera_scopes(operator_type: str, facial_recognition: str) -> frozenset:
    """The camera groups (exposure.CameraScope) a camera belongs to, as the exposure counts them."""
    scopes = {"all"}
    if operator_type in POLICE_CITY:
        scopes.add("police_city")
    if facial_recognition in FACIAL_RECOGNITION:
        scopes.add("facial_recognition")
    return frozenset(scopes)


def views_counted(queryset=None) -> list[View]:
    """The fields of view of the cameras the exposure counts: published, present, not merged."""
    rows = (queryset if queryset is not None else FieldOfView.objects.all()).filter(
        geometry__isnull=False, camera__published=True, camera__status="present", camera__merged_into__isnull=True,
    ).order_by("camera_id").values_list("camera_id", "geometry", "camera__operator_type", "camera__facial_recognition")
    return [View(camera_id=camera_id, polygon=_shape(geometry), scopes=camera_scopes(operator, facial))
            for camera_id, geometry, operator, facial in rows]


def route_graph_update() -> int:
    """Build the graph from the streets and fields of view now stored; returns the edge count."""
    lines = [_shape(g) for g in StreetSegment.objects.exclude(highway__in=NOT_WALKABLE).order_by("osm_id")
             .values_list("geometry", flat=True)]
    edges = edges_split(lines)
    edges_weigh(edges, views_counted())
    rows = [RouteEdge(source=e.source, target=e.target, geometry=GEOSGeometry(memoryview(e.line.wkb), srid=4326),
                      length_m=e.length_m, watched_all=e.watched["all"], watched_police_city=e.watched["police_city"],
                      watched_facial_recognition=e.watched["facial_recognition"], cameras=e.cameras) for e in edges]
    with transaction.atomic():
        RouteEdge.objects.all().delete()
        RouteEdge.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)
