"""What the streets layer and the recomputation need beside the figures: per street segment, the
parts in view of a camera (``StreetView``, the ``streets`` vector tiles), and the recomputations
asked for and under way (``ExposureRun``: progress, and the burst of changes one run answers).
Imported by models.py."""

from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class StreetView(models.Model):
    """One walkable street segment split into what lies inside at least one field of view of a
    published, present camera (any operator, verified or not) and what does not. Replaced whole
    by every exposure computation, beside the figures."""

    segment = models.OneToOneField("city.StreetSegment", primary_key=True, on_delete=models.CASCADE, related_name="view")
    length_m = models.FloatField()
    watched_m = models.FloatField()
    # Empty (null) when no part is in view, or when all of it is.
    watched = models.MultiLineStringField(srid=4326, null=True, blank=True, spatial_index=False)
    unwatched = models.MultiLineStringField(srid=4326, null=True, blank=True, spatial_index=False)


class RunState(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class ExposureRun(models.Model):
    """One recomputation of fields of view and exposure. While a run is ``queued`` every further
    change joins it (its cameras are added to ``camera_ids``, or ``all_cameras`` is set), so a
    burst of edits costs one computation; at most one run is queued at a time."""

    state = models.CharField(max_length=10, choices=RunState.choices, default=RunState.QUEUED)
    all_cameras = models.BooleanField(default=False, help_text=_("Every camera's field of view, not only camera_ids."))
    camera_ids = models.JSONField(default=list, blank=True)
    requests = models.PositiveIntegerField(default=1, help_text=_("Changes this run answers."))
    stage = models.CharField(max_length=20, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["state"], condition=Q(state="queued"), name="exposure_run_one_queued"),
        ]
