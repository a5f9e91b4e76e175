from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReleaseStatus(models.TextChoices):
    BUILDING = "building", _("building")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


class DatasetRelease(models.Model):
    """A citable, versioned snapshot of the published cameras, one file per format."""

    version = models.CharField(max_length=32, unique=True, help_text=_("Date-based, e.g. 2026.11.22 or 2026.11.22.2"))
    status = models.CharField(max_length=10, choices=ReleaseStatus.choices, default=ReleaseStatus.BUILDING)
    progress = models.PositiveSmallIntegerField(default=0, help_text=_("Percent done while building."))
    counts = models.JSONField(default=dict, blank=True)
    files = models.JSONField(default=dict, blank=True, help_text=_("Per format: path, size, SHA-256."))
    changelog = models.JSONField(default=dict, blank=True, help_text=_("Camera ids added, removed, changed."))
    licence = models.CharField(max_length=64)
    attribution = models.TextField(blank=True)
    checksum = models.CharField(max_length=64, blank=True, help_text=_("SHA-256 of the zip with every file."))
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ReleaseStatus.values), name="release_status_valid"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="release_progress_percent"),
        ]

    def __str__(self) -> str:
        return self.version


class OsmElement(models.Model):
    """What we know of the OpenStreetMap element a camera is linked to, beyond its id: its
    version, which JOSM needs to open an exported file (an element with an id and no version is
    refused) and to detect conflicts on upload. Sources that carry it (OSM XML, Overpass with
    ``out meta``) fill it in; the DeFlock fixture does not, and then the export says version 1.
    """

    camera = models.OneToOneField("cameras.Camera", on_delete=models.CASCADE, primary_key=True, related_name="osm_element")
    version = models.PositiveIntegerField(null=True, blank=True)
    timestamp = models.DateTimeField(null=True, blank=True, help_text=_("When the element was last edited in OSM."))
    imported_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"OSM element of camera {self.camera_id} (v{self.version})"


class DossierVisibility(models.TextChoices):
    PUBLIC = "public", _("public")
    MODERATORS = "moderators", _("moderators only")


class Dossier(models.Model):
    """A PDF of a district or the whole city — the figures, the method, a map and every camera —
    for a complaint, a council or the press. Built by a task; the file is kept with its SHA-256.
    Nothing about who asked for it is stored."""

    area = models.ForeignKey("cameras.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="dossiers",
                             help_text=_("Empty for the whole city."))
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    visibility = models.CharField(max_length=10, choices=DossierVisibility.choices, default=DossierVisibility.PUBLIC)
    camera_pages = models.BooleanField(default=False, help_text=_("One page per camera with its evidence."))
    official_list = models.ForeignKey("official.OfficialList", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                      help_text=_("An official list to compare with: the dossier then says what it declares and what was found."))
    as_of = models.DateField(null=True, blank=True, help_text=_("The data as of the end of this day; empty: as of the build."))
    status = models.CharField(max_length=10, choices=ReleaseStatus.choices, default=ReleaseStatus.BUILDING)
    progress = models.PositiveSmallIntegerField(default=0)
    path = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    release_version = models.CharField(max_length=32, blank=True, help_text=_("The dataset release current at the build."))
    cameras = models.PositiveIntegerField(null=True, blank=True)
    site_url = models.CharField(max_length=200, blank=True, help_text=_("Where the permalinks in the PDF point."))
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ReleaseStatus.values), name="dossier_status_valid"),
            models.CheckConstraint(condition=Q(visibility__in=DossierVisibility.values), name="dossier_visibility_valid"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="dossier_progress_percent"),
        ]

    def __str__(self) -> str:
        return f"dossier {self.pk} ({self.area or 'city'}, {self.language})"
