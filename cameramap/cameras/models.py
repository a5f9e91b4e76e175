"""Camera (the public, deduplicated object), Report (one volunteer's submission), Photo, Area.

Locations are ``geometry(Point, 4326)`` with a spatial index, not ``geography``: the busy
queries (viewport bbox, vector tiles) are planar and use the GiST/R*Tree index directly on both
PostGIS and SpatiaLite, while distances in metres (deduplication) take an index-backed degree
envelope first and measure on the sphere after. ``geography`` would exist on PostGIS only.
"""

import secrets

from django.conf import settings
from django.contrib.gis.db import models
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import vocabulary as v
from .db import DirectionsValid, coordinates_on_earth
from .validators import validate_directions, validate_on_earth


def _enum_constraints(prefix: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(**{f"{field}__in": enum.values}),
            name=f"{prefix}_{field}_valid",
        )
        for field, enum in v.ATTRIBUTE_CHOICES.items()
    ]


class CameraAttributes(models.Model):
    """What can be observed about a camera, in OSM's vocabulary plus ours. Shared by the camera
    and by each report (where it records what that volunteer saw)."""

    directions = models.JSONField(
        default=list, blank=True, validators=[validate_directions],
        help_text=_("Degrees clockwise from north that the camera faces; several allowed."),
    )
    surveillance = models.CharField(max_length=16, choices=v.Surveillance.choices, default="", blank=True)
    surveillance_type = models.CharField(max_length=20, choices=v.SurveillanceType.choices, default=v.SurveillanceType.CAMERA)
    camera_type = models.CharField(max_length=16, choices=v.CameraType.choices, default="", blank=True)
    mount = models.CharField(max_length=20, choices=v.Mount.choices, default="", blank=True)
    zone = models.CharField(max_length=16, choices=v.Zone.choices, default="", blank=True)
    height = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(300)],
        help_text=_("Metres above the ground."),
    )
    operator = models.CharField(max_length=200, blank=True)
    operator_type = models.CharField(max_length=16, choices=v.OperatorType.choices, default=v.OperatorType.UNKNOWN)
    manufacturer = models.CharField(max_length=100, blank=True)
    model = models.CharField(max_length=100, blank=True)
    facial_recognition = models.CharField(
        max_length=16, choices=v.FacialRecognition.choices, default=v.FacialRecognition.UNKNOWN
    )
    facial_recognition_evidence = models.URLField(max_length=500, blank=True)
    sign_present = models.CharField(max_length=8, choices=v.SignPresent.choices, default=v.SignPresent.UNKNOWN)

    class Meta:
        abstract = True


class Area(models.Model):
    """A named boundary: a district for statistics, or the service area reports must fall in."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    boundary = models.MultiPolygonField(srid=4326, spatial_index=True)
    population = models.PositiveIntegerField(null=True, blank=True)
    is_service_area = models.BooleanField(
        default=False, help_text=_("Reports outside every service area are refused (when one exists).")
    )
    source = models.CharField(max_length=200, blank=True, help_text=_("Where the boundary comes from."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(population__isnull=True) | Q(population__gte=0), name="area_population_positive"),
        ]

    def __str__(self) -> str:
        return self.name


# Merges keep redirects one hop long (moderation/services/cameras.py), but rows written before
# that, or by hand, may chain; more hops than this are taken for a loop.
MERGE_HOPS_MAX = 20


class CameraQuerySet(models.QuerySet):
    def resolve(self, pk: int, *, for_update: bool = False) -> "Camera | None":
        """The camera that stands for ``pk`` now: the camera itself, or — when it was merged into
        another — the camera that absorbed it, followed through every merge. None when there is no
        such camera, or when the merges never end (a loop, or more than MERGE_HOPS_MAX of them).

        ``for_update`` (inside a transaction) locks each row as it is read, so the survivor cannot
        be merged away while the caller works on it. Published or not is the caller's question."""
        queryset = self.select_for_update() if for_update else self
        seen: set[int] = set()
        while len(seen) <= MERGE_HOPS_MAX:
            camera = queryset.filter(pk=pk).first()
            if camera is None or camera.merged_into_id is None:
                return camera
            seen.add(camera.pk)
            pk = camera.merged_into_id
            if pk in seen:
                return None
        return None


class Camera(CameraAttributes):
    location = models.PointField(srid=4326, spatial_index=True, validators=[validate_on_earth])
    status = models.CharField(max_length=10, choices=v.CameraStatus.choices, default=v.CameraStatus.PRESENT)
    published = models.BooleanField(default=False, db_index=True)
    confirmations = models.PositiveIntegerField(
        default=1, help_text=_("Independent sightings, the first one included.")
    )
    # What a source attests, never the day we imported it: for our volunteers the day of a
    # sighting (the photo's capture day when it has one, else the report's day), for
    # OpenStreetMap the element's check_date, survey:date or the timestamp of the version we read.
    # Empty when no source says.
    first_seen = models.DateField(null=True, blank=True, help_text=_("The earliest day a source attests the camera."))
    last_confirmed = models.DateField(null=True, blank=True, help_text=_("The latest day a source attests the camera."))
    # Verified: a moderator accepted a sighting by one of our volunteers (or a trusted
    # volunteer's, by the rules). Until then a camera is imported: it comes only from an outside
    # source (OpenStreetMap, an official list, a staff edit).
    verified_on = models.DateField(
        null=True, blank=True, db_index=True,
        help_text=_("The day of the first sighting by our volunteers that a moderator accepted; empty: imported."),
    )
    imported_at = models.DateTimeField(null=True, blank=True, help_text=_("When an outside source first brought it in."))
    source = models.CharField(max_length=10, choices=v.Source.choices, default=v.Source.CROWD)
    osm_type = models.CharField(max_length=8, blank=True)
    osm_id = models.BigIntegerField(null=True, blank=True)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="cameras")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from",
        help_text=_("When two cameras turned out to be one: the camera this id now redirects to."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = CameraQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["published", "surveillance_type"], name="camera_published_type")]
        constraints = [
            *_enum_constraints("camera"),
            models.CheckConstraint(condition=coordinates_on_earth("location"), name="camera_location_on_earth"),
            models.CheckConstraint(condition=DirectionsValid("directions"), name="camera_directions_valid"),
            models.CheckConstraint(condition=Q(status__in=v.CameraStatus.values), name="camera_status_valid"),
            models.CheckConstraint(condition=Q(source__in=v.Source.values), name="camera_source_valid"),
            models.CheckConstraint(condition=Q(height__isnull=True) | Q(height__gte=0, height__lte=300), name="camera_height_range"),
            models.CheckConstraint(
                condition=Q(first_seen__isnull=True) | Q(last_confirmed__isnull=True) | Q(last_confirmed__gte=models.F("first_seen")),
                name="camera_confirmed_after_seen",
            ),
            models.UniqueConstraint(fields=["osm_type", "osm_id"], condition=Q(osm_id__isnull=False), name="camera_osm_unique"),
        ]

    def __str__(self) -> str:
        return f"Camera {self.pk}"

    @property
    def verified(self) -> bool:
        return self.verified_on is not None


def new_receipt() -> str:
    return secrets.token_urlsafe(24)


class Report(CameraAttributes):
    """One volunteer's submission. No IP address, no user agent: ``contributor`` is optional and
    is the only link to a person."""

    kind = models.CharField(max_length=10, choices=v.ReportKind.choices, default=v.ReportKind.NEW)
    status = models.CharField(max_length=10, choices=v.ReportStatus.choices, default=v.ReportStatus.PENDING, db_index=True)
    location = models.PointField(srid=4326, spatial_index=True, validators=[validate_on_earth])
    accuracy_m = models.FloatField(null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10_000)])
    notes = models.TextField(max_length=2000, blank=True)
    camera = models.ForeignKey(Camera, null=True, blank=True, on_delete=models.PROTECT, related_name="reports")
    contributor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    receipt = models.CharField(max_length=64, unique=True, default=new_receipt, editable=False)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    prechecks = models.JSONField(default=dict, blank=True, help_text=_("Results of the automatic pre-checks."))
    received_at = models.DateTimeField(null=True, blank=True, help_text=_("When the background pipeline took the report."))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            *_enum_constraints("report"),
            models.CheckConstraint(condition=coordinates_on_earth("location"), name="report_location_on_earth"),
            models.CheckConstraint(condition=DirectionsValid("directions"), name="report_directions_valid"),
            models.CheckConstraint(condition=Q(kind__in=v.ReportKind.values), name="report_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=v.ReportStatus.values), name="report_status_valid"),
            models.CheckConstraint(condition=Q(accuracy_m__isnull=True) | Q(accuracy_m__gte=0), name="report_accuracy_positive"),
            models.CheckConstraint(condition=Q(height__isnull=True) | Q(height__gte=0, height__lte=300), name="report_height_range"),
            models.CheckConstraint(
                condition=Q(kind=v.ReportKind.NEW) | Q(camera__isnull=False),
                name="report_camera_named_unless_new",
            ),
        ]

    def __str__(self) -> str:
        return f"Report {self.pk} ({self.get_kind_display()}, {self.get_status_display()})"


def _original_storage():
    from .storage import private_storage

    return private_storage


class Photo(models.Model):
    """A photo of a report. ``original`` lives in private storage (never served) until it is
    processed; ``image`` and ``thumbnail`` are stripped of every metadata and public once the
    report is published. ``exif_*`` is read from the original for moderators only.

    ``unblurred`` is the processed display image before blurring (stripped like ``image``), in
    private storage too: moderators check the automatic boxes against it, and the published
    image is made from it at the decision. It goes after the decision (BLUR_REVIEW_KEEP_DAYS).
    Photos processed before it existed have none and are published as they are."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    position = models.PositiveSmallIntegerField(default=0)
    original = models.FileField(upload_to="originals/", storage=_original_storage, blank=True)
    image = models.ImageField(upload_to="photos/", blank=True)
    thumbnail = models.ImageField(upload_to="photos/thumbs/", blank=True)
    unblurred = models.FileField(upload_to="unblurred/", storage=_original_storage, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    size_bytes = models.PositiveIntegerField(null=True, blank=True)
    phash = models.CharField(max_length=16, blank=True, help_text=_("Perceptual hash, hex."))
    exif_location = models.PointField(srid=4326, null=True, blank=True, validators=[validate_on_earth])
    exif_heading = models.FloatField(null=True, blank=True)
    exif_taken_at = models.DateTimeField(null=True, blank=True)
    blur_boxes = models.JSONField(
        default=list, blank=True,
        help_text=_("Areas to blur: faces and plates the detector found, and rectangles moderators added; "
                    "those a moderator turned off have \"on\": false."),
    )
    state = models.CharField(max_length=10, choices=v.PhotoState.choices, default=v.PhotoState.PENDING)
    failure_reason = models.CharField(max_length=300, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=v.PhotoState.values), name="photo_state_valid"),
            models.CheckConstraint(condition=coordinates_on_earth("exif_location"), name="photo_exif_on_earth"),
            models.CheckConstraint(
                condition=Q(exif_heading__isnull=True) | Q(exif_heading__gte=0, exif_heading__lt=360),
                name="photo_heading_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Photo {self.pk} of report {self.report_id}"


# The audit trail's model lives with the functions that write and read it.
from .history import ModerationEvent  # noqa: E402,F401
