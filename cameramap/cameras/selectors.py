"""Read-side queries: functions that return QuerySets or plain values, no side effects."""

from datetime import date

from django.db.models import BooleanField, Count, ExpressionWrapper, Max, Min, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from .db import StX, StY
from .models import Camera, Photo, Report
from .vocabulary import PhotoState, ReportStatus, Source

# What the public may see of a camera, in the order the API prints it. Anything not named here
# (reports, notes, contributors, photo GPS, timestamps finer than a day) never leaves the server.
CAMERA_PUBLIC_FIELDS = (
    "id", "surveillance", "surveillance_type", "camera_type", "mount", "zone", "height",
    "directions", "operator", "operator_type", "manufacturer", "model",
    "facial_recognition", "facial_recognition_evidence", "sign_present",
    "status", "sightings", "first_seen", "last_confirmed", "verified", "verified_on", "source", "osm_type", "osm_id",
)
# Model columns behind those fields (``sightings`` is the ``confirmations`` column; ``verified``
# is computed: a camera is verified from the day it has a ``verified_on``).
_COLUMNS = tuple("confirmations" if f == "sightings" else f for f in CAMERA_PUBLIC_FIELDS)
VERIFIED = ExpressionWrapper(Q(verified_on__isnull=False), output_field=BooleanField())
# Reports whose photos the public may see: accepted by a moderator, as a new camera or as a
# sighting merged into an existing one.
PUBLIC_REPORT_STATUSES = (ReportStatus.APPROVED, ReportStatus.MERGED)


def cameras_published() -> QuerySet[Camera]:
    return Camera.objects.filter(published=True, merged_into__isnull=True)


def camera_counts(shown: QuerySet | None = None) -> dict[str, int]:
    """How many cameras the map shows, how many of them our volunteers' sightings verified and
    how many are imported only — in all and from each source (``imported_crowd``: entered by
    the site's staff, not seen by a volunteer) —, and how many reports wait for a moderator.
    ``shown``: the cameras the map shows, if not today's published ones (those of a past day)."""
    imported = Q(verified_on__isnull=True)
    cameras = (cameras_published() if shown is None else shown).aggregate(
        total=Count("id"), verified=Count("id", filter=~imported),
        **{f"imported_{source}": Count("id", filter=imported & Q(source=source)) for source in Source.values},
    )
    reports = Report.objects.aggregate(pending=Count("id", filter=Q(status=ReportStatus.PENDING)))
    total = cameras.pop("total")
    return {"cameras": total, **cameras, "imported": total - cameras["verified"], "pending_reports": reports["pending"]}


def camera_rows(queryset: QuerySet[Camera]):
    """The public fields of each camera as plain dicts, with ``lon``/``lat`` read by the
    database: no model instances and no GEOS objects, so a viewport of thousands of cameras is
    one query and a loop (see benchmarks/)."""
    return (
        queryset.annotate(lon=StX("location"), lat=StY("location"), verified=VERIFIED)
        .values_list(*_COLUMNS, "lon", "lat")
    )


def camera_feature_texts(queryset: QuerySet[Camera], url_before: str, url_after: str):
    """PostgreSQL only: each camera as the text of its GeoJSON Feature, built by the database
    (json_build_object), equal to what api.camera_serializers prints. The API joins these
    texts as they come: no Python object per field, no JSON encoding in Python. The camera
    page's URL is ``url_before`` + id + ``url_after`` ("https://…/cameras/", "/")."""
    column = f'"{queryset.model._meta.db_table}".'  # cameras_camera, or the versions of a past day
    sql = {"sightings": f'{column}"confirmations"', "verified": f'({column}"verified_on" IS NOT NULL)'}
    properties = ", ".join(f"'{name}', {sql.get(name, column + chr(34) + name + chr(34))}" for name in CAMERA_PUBLIC_FIELDS[1:])
    feature = (
        f"json_build_object('id', {column}\"id\", 'type', 'Feature', 'geometry', json_build_object('type', 'Point',"
        f" 'coordinates', json_build_array(ST_X({column}\"location\"), ST_Y({column}\"location\"))),"
        f" 'properties', json_build_object({properties}, 'url', %s::text || {column}\"id\" || %s::text))::text"
    )
    return queryset.annotate(feature=RawSQL(feature, (url_before, url_after))).values_list("feature", flat=True)


def camera_resolve(camera_id: int) -> tuple[Camera | None, bool]:
    """The published camera for an id, following merges. Returns (camera, moved): ``moved`` is
    True when ``camera_id`` was merged into the returned camera. (None, False) when there is no
    such published camera."""
    camera = Camera.objects.resolve(camera_id)
    if camera is None or not camera.published:
        return None, False
    return camera, camera.pk != camera_id


def earliest(*days: date | None) -> date | None:
    """The earliest of the days a source attests (None when none does)."""
    known = [day for day in days if day is not None]
    return min(known) if known else None


def latest(*days: date | None) -> date | None:
    """The latest of the days a source attests (None when none does)."""
    known = [day for day in days if day is not None]
    return max(known) if known else None


def report_sighting_day(report: Report) -> date:
    """The day a volunteer saw the camera: the earliest capture day of the report's photos when
    one says, else the day the report was sent."""
    taken = report.photos.filter(exif_taken_at__isnull=False).aggregate(first=Min("exif_taken_at"))["first"]
    return timezone.localdate(taken or report.created_at)


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
