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
