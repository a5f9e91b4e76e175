"""Read-side queries: functions that return QuerySets or plain values, no side effects."""

import math
from dataclasses import dataclass

from django import forms
from django.contrib.gis.geos import Polygon
from django.db import connection
from django.db.models import Count, Max, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from .db import StX, StY
from .models import Camera, Photo, Report
from .vocabulary import PhotoState, ReportStatus

# What the public may see of a camera, in the order the API prints it. Anything not named here
# (reports, notes, contributors, photo GPS, timestamps finer than a day) never leaves the server.
CAMERA_PUBLIC_FIELDS = (
    "id", "surveillance", "surveillance_type", "camera_type", "mount", "zone", "height",
    "directions", "operator", "operator_type", "manufacturer", "model",
    "facial_recognition", "facial_recognition_evidence", "sign_present",
    "status", "sightings", "first_seen", "last_confirmed", "source", "osm_type", "osm_id",
)
# Model columns behind those fields (``sightings`` is the ``confirmations`` column).
_COLUMNS = tuple("confirmations" if f == "sightings" else f for f in CAMERA_PUBLIC_FIELDS)
# Reports whose photos the public may see: accepted by a moderator, as a new camera or as a
# sighting merged into an existing one.
PUBLIC_REPORT_STATUSES = (ReportStatus.APPROVED, ReportStatus.MERGED)
MERGE_HOPS_MAX = 20


@dataclass(frozen=True)
class Bbox:
    west: float
    south: float
    east: float
    north: float

    def polygon(self) -> Polygon:
        polygon = Polygon.from_bbox((self.west, self.south, self.east, self.north))
        polygon.srid = 4326
        return polygon


def bbox_parse(value: str, *, max_degrees: float | None) -> Bbox:
    """``minlon,minlat,maxlon,maxlat`` in WGS84 degrees → Bbox, or forms.ValidationError."""
    parts = value.split(",")
    if len(parts) != 4:
        raise forms.ValidationError(_("Give four numbers: minlon,minlat,maxlon,maxlat."), code="format")
    try:
        west, south, east, north = (float(part) for part in parts)
    except ValueError:
        raise forms.ValidationError(_("Give four numbers: minlon,minlat,maxlon,maxlat."), code="format") from None
    if not all(math.isfinite(n) for n in (west, south, east, north)):
        raise forms.ValidationError(_("Coordinates must be finite numbers."), code="not_finite")
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= 90 and -90 <= north <= 90):
        raise forms.ValidationError(
            _("Longitudes must be within -180..180 and latitudes within -90..90."), code="out_of_world"
        )
    if west >= east or south >= north:
        raise forms.ValidationError(
            _("The box is inverted or empty: minlon must be less than maxlon and minlat less than maxlat "
              "(a box across the antimeridian must be sent as two requests)."),
            code="inverted",
        )
    if max_degrees is not None and (east - west > max_degrees or north - south > max_degrees):
        raise forms.ValidationError(
            _("The box is too large: at most %(max)s degrees on each side."),
            code="too_large", params={"max": max_degrees},
        )
    return Bbox(west=west, south=south, east=east, north=north)


def cameras_published() -> QuerySet[Camera]:
    return Camera.objects.filter(published=True, merged_into__isnull=True)


def camera_counts() -> dict[str, int]:
    cameras = cameras_published().aggregate(total=Count("id"))
    reports = Report.objects.aggregate(pending=Count("id", filter=Q(status=ReportStatus.PENDING)))
    return {"cameras": cameras["total"], "pending_reports": reports["pending"]}


def cameras_in_bbox(queryset: QuerySet[Camera], bbox: Bbox) -> QuerySet[Camera]:
    """Cameras whose location lies in the box, through the spatial index on both backends.

    PostGIS: ``location && envelope`` is the GiST index operator, and exact for points.
    SpatiaLite never consults its R*Tree by itself (Django's ``bboverlaps`` becomes a full scan
    of ``MbrOverlaps``), so the index table is asked for the row ids explicitly.
    """
    if connection.vendor == "sqlite":
        ids = RawSQL(
            "SELECT pkid FROM idx_cameras_camera_location"
            " WHERE xmax >= %s AND xmin <= %s AND ymax >= %s AND ymin <= %s",
            (bbox.west, bbox.east, bbox.south, bbox.north),
        )
        return queryset.filter(id__in=ids)
    return queryset.filter(location__bboverlaps=bbox.polygon())


def camera_rows(queryset: QuerySet[Camera]):
    """The public fields of each camera as plain dicts, with ``lon``/``lat`` read by the
    database: no model instances and no GEOS objects, so a viewport of thousands of cameras is
    one query and a loop (see benchmarks/)."""
    return (
        queryset.annotate(lon=StX("location"), lat=StY("location"))
        .values_list(*_COLUMNS, "lon", "lat")
    )


def camera_feature_texts(queryset: QuerySet[Camera], page_url: str):
    """PostgreSQL only: each camera as the text of its GeoJSON Feature, built by the database
    (json_build_object), equal to what api.camera_serializers prints. The API joins these
    texts as they come: no Python object per field, no JSON encoding in Python. ``page_url``
    is the camera page's URL up to the id ("https://…/cameras/")."""
    column = '"cameras_camera".'
    properties = ", ".join(
        f"'{name}', {column}\"{'confirmations' if name == 'sightings' else name}\"" for name in CAMERA_PUBLIC_FIELDS[1:]
    )
    feature = (
        f"json_build_object('id', {column}\"id\", 'type', 'Feature', 'geometry', json_build_object('type', 'Point',"
        f" 'coordinates', json_build_array(ST_X({column}\"location\"), ST_Y({column}\"location\"))),"
        f" 'properties', json_build_object({properties}, 'url', %s::text || {column}\"id\" || '/'))::text"
    )
    return queryset.annotate(feature=RawSQL(feature, (page_url,))).values_list("feature", flat=True)


def camera_resolve(camera_id: int) -> tuple[Camera | None, bool]:
    """The published camera for an id, following merges. Returns (camera, moved): ``moved`` is
    True when ``camera_id`` was merged into the returned camera. (None, False) when there is no
    such published camera."""
    camera = Camera.objects.filter(id=camera_id).first()
    moved = False
    hops = 0
    while camera is not None and camera.merged_into_id is not None and hops < MERGE_HOPS_MAX:
        camera = Camera.objects.filter(id=camera.merged_into_id).first()
        moved, hops = True, hops + 1
    if camera is None or camera.merged_into_id is not None or not camera.published:
        return None, False
    return camera, moved


def camera_photos(camera: Camera) -> QuerySet[Photo]:
    """Processed photos of the reports a moderator accepted for this camera, oldest first."""
    return (
        Photo.objects.filter(
            report__camera=camera,
            report__status__in=PUBLIC_REPORT_STATUSES,
            state=PhotoState.DONE,
        )
        .exclude(image="")
        .order_by("report__created_at", "report_id", "position", "id")
    )


def cameras_version() -> tuple:
    """Changes whenever a camera is created or saved: the newest ``updated_at`` and the highest
    id, both read from an index. Keys caches of derived data (vector tiles)."""
    latest = Camera.objects.aggregate(updated=Max("updated_at"), last=Max("id"))
    return (latest["updated"].isoformat() if latest["updated"] else "", latest["last"] or 0)
