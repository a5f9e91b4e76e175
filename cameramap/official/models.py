"""An authority's list of the cameras it declares (OfficialList) and its entries as written
(OfficialEntry), each located (or not) and matched one-to-one with a camera on the street (or
not); OfficialImport is one upload of a list, run by the worker with its progress.

The method — how entries are located and matched, and what the statuses mean — is in
docs/official-lists.md; locate.py and matching.py hold it.
"""

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cameramap.cameras.db import coordinates_on_earth


class OfficialList(models.Model):
    name = models.CharField(max_length=200)
    publisher = models.CharField(max_length=200, help_text=_("Who published the list, e.g. the Ministry of the Interior."))
    published = models.DateField(help_text=_("The day the list was published, or the day it was valid."))
    source_url = models.URLField(max_length=500, blank=True)
    licence = models.TextField(blank=True, help_text=_("The licence or terms the list was published under."))
    notes = models.TextField(blank=True)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64, unique=True, help_text=_("SHA-256 of the imported file: the same file is imported once."))
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    area = models.ForeignKey("cameras.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             help_text=_("The district or service area the list covers; empty: the area its entries cover."))
    coverage = models.MultiPolygonField(
        srid=4326, null=True, blank=True, spatial_index=False,
        help_text=_("Where the list speaks: its area's boundary, else the hull of its located entries buffered by the match radius."),
    )
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 help_text=_("The earlier version of this list (same name and publisher)."))
    matched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.publisher}, {self.published:%Y-%m-%d})"


class LocatedBy(models.TextChoices):
    COORDINATES = "coordinates", _("coordinates")
    ADDRESS = "address", _("address")
    INTERSECTION = "intersection", _("intersection")
    HAND = "hand", _("placed by hand")
    UNLOCATED = "unlocated", _("unlocated")


class MatchStatus(models.TextChoices):
    MATCHED = "matched", _("matched")
    PROBABLE = "probable", _("probable")
    NOT_FOUND = "not_found", _("not found")
    UNLOCATED = "unlocated", _("unlocated")


class OfficialEntry(models.Model):
    official_list = models.ForeignKey(OfficialList, on_delete=models.CASCADE, related_name="entries")
    row = models.PositiveIntegerField(help_text=_("The row's number in the file (the header is row 1 of a spreadsheet)."))
    ref = models.CharField(max_length=200, help_text=_("The row's own reference, or its row number."))
    name = models.TextField(blank=True, help_text=_("Name or description, as written."))
    address = models.TextField(blank=True, help_text=_("The address, as written."))
    raw = models.JSONField(default=dict, help_text=_("The whole row as read from the file."))
    location = models.PointField(srid=4326, null=True, blank=True, spatial_index=True)
    located_by = models.CharField(max_length=12, choices=LocatedBy.choices)
    unlocated_reason = models.CharField(max_length=300, blank=True)
    precision_m = models.FloatField(null=True, blank=True, help_text=_("How far off the location may be, in metres."))
    district = models.ForeignKey("cameras.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    surveillance_type = models.CharField(max_length=20, blank=True)
    directions = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=MatchStatus.choices, default=MatchStatus.NOT_FOUND, db_index=True)
    camera = models.ForeignKey("cameras.Camera", null=True, blank=True, on_delete=models.SET_NULL, related_name="official_entries")
    score = models.FloatField(null=True, blank=True)
    distance_m = models.FloatField(null=True, blank=True)
    confirmed = models.BooleanField(default=False, help_text=_("A moderator confirmed the match: matching keeps it."))
    rejected_cameras = models.JSONField(default=list, blank=True, help_text=_("Cameras a moderator said this entry is not."))

    class Meta:
        ordering = ["official_list", "row"]
        constraints = [
            models.UniqueConstraint(fields=["official_list", "ref"], name="official_entry_ref_unique"),
            models.CheckConstraint(condition=Q(located_by__in=LocatedBy.values), name="official_entry_located_by_valid"),
            models.CheckConstraint(condition=Q(status__in=MatchStatus.values), name="official_entry_status_valid"),
            models.CheckConstraint(condition=coordinates_on_earth("location"), name="official_entry_on_earth"),
            models.CheckConstraint(
                condition=Q(location__isnull=True, located_by=LocatedBy.UNLOCATED) | Q(location__isnull=False) & ~Q(located_by=LocatedBy.UNLOCATED),
                name="official_entry_located_consistent",
            ),
            models.CheckConstraint(
                condition=Q(camera__isnull=True) | Q(status__in=[MatchStatus.MATCHED, MatchStatus.PROBABLE]),
                name="official_entry_camera_when_matched",
            ),
        ]
        indexes = [models.Index(fields=["camera", "status"], name="official_entry_camera")]

    def __str__(self) -> str:
        return f"{self.ref}: {self.address or self.name}"


class ImportState(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


def _private_storage():
    from cameramap.cameras.storage import private_storage

    return private_storage


class OfficialImport(models.Model):
    """One upload of a list from the admin or the moderator pages, imported by the worker: the
    file waits in private storage and goes once the import has finished, either way."""

    file = models.FileField(upload_to="official/", storage=_private_storage, blank=True)
    file_name = models.CharField(max_length=255)
    options = models.JSONField(default=dict, help_text=_("The list's details and the column options."))
    state = models.CharField(max_length=8, choices=ImportState.choices, default=ImportState.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.TextField(blank=True)
    official_list = models.ForeignKey(OfficialList, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(state__in=ImportState.values), name="official_import_state_valid")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_state_display()})"
