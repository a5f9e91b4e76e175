"""Fields of view (one row per camera, computed by services.fov_update) and the street exposure
figures (computed by services.exposure_update), kept beside the cameras rather than on them so
that recomputing never touches a camera's row or its ``updated_at``."""

from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class FieldOfView(models.Model):
    camera = models.OneToOneField("cameras.Camera", primary_key=True, on_delete=models.CASCADE, related_name="field_of_view")
    # Empty when the model gives the camera no view (an indoor camera, a guard, a gunshot detector).
    geometry = models.MultiPolygonField(srid=4326, null=True, blank=True, spatial_index=True)
    buildings = models.BooleanField(default=False, help_text=_("Building footprints were taken into account."))
    computed_at = models.DateTimeField(auto_now=True)


class CameraScope(models.TextChoices):
    ALL = "all", _("all cameras")
    POLICE_CITY = "police_city", _("police and city cameras")
    FACIAL_RECOGNITION = "facial_recognition", _("cameras with facial recognition")


class StreetExposure(models.Model):
    """The walkable street length of a district (or of the whole city, ``area`` empty) and how
    much of it lies in at least one field of view of the cameras in ``scope``."""

    area = models.ForeignKey("cameras.Area", null=True, blank=True, on_delete=models.CASCADE, related_name="exposure")
    scope = models.CharField(max_length=20, choices=CameraScope.choices)
    verified_only = models.BooleanField()
    street_m = models.FloatField()
    watched_m = models.FloatField()
    cameras = models.PositiveIntegerField(help_text=_("Cameras with a field of view counted."))
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["area_id", "scope", "verified_only"]

    @property
    def share(self) -> float | None:
        return self.watched_m / self.street_m if self.street_m else None


from .watch_models import ExposureRun, RunState, StreetView  # noqa: E402,F401  (the streets layer, the runs)
