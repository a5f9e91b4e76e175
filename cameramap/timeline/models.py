"""The cameras as they were: one row per version of a camera, with the days it held.

A version is what the map and the API showed of a camera from the end of ``valid_from`` until
the end of the day before ``valid_to`` (``valid_to`` empty: still today). Only versions the
public saw are kept: a camera before it was published, after it was merged away or while
unpublished has no row for those days. Rows are derived data, rebuilt from each camera's current
row and its audit trail (rebuild.py); nothing else writes them.

The table keeps the names of Camera's public columns — ``id`` is the camera's id, not the row's
(the row's key is ``key``) — so that the filters, the tiles, the statistics and the downloads run
the same queries over a day in the past as over today.
"""

from django.contrib.gis.db import models
from django.db.models import Q

from cameramap.cameras import vocabulary as v
from cameramap.cameras.models import Area, CameraAttributes


class CameraState(CameraAttributes):
    key = models.BigAutoField(primary_key=True)
    id = models.BigIntegerField(db_index=True, help_text="The camera's id.")
    valid_from = models.DateField(db_index=True)
    valid_to = models.DateField(null=True, blank=True, db_index=True)
    location = models.PointField(srid=4326, spatial_index=True)
    status = models.CharField(max_length=10, choices=v.CameraStatus.choices, default=v.CameraStatus.PRESENT)
    confirmations = models.PositiveIntegerField(default=1)
    first_seen = models.DateField(null=True, blank=True)
    last_confirmed = models.DateField(null=True, blank=True)
    verified_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=v.Source.choices, default=v.Source.CROWD)
    osm_type = models.CharField(max_length=8, blank=True)
    osm_id = models.BigIntegerField(null=True, blank=True)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The OpenStreetMap element the camera was imported from, reached by the camera's id as from a
    # Camera row (a relation, no column), so the downloads' columns read the same here.
    osm_element = models.ForeignObject(
        "datasets.OsmElement", from_fields=["id"], to_fields=["camera"], on_delete=models.DO_NOTHING,
        null=True, related_name="+",
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                                   name="camerastate_days_forward"),
        ]

    def __str__(self) -> str:
        return f"Camera {self.id} from {self.valid_from}"


class StatesSweep(models.Model):
    """When the periodic sweep last rebuilt the cameras changed without an event (one row)."""

    through = models.DateTimeField()


class CellsMonth(models.Model):
    """A month whose snapshot of pre-grouped versions is built (tile_cells.py; the cells themselves
    are two tables of PostGIS only, migration 0002). None at all: the cells are not built, and
    tiles as of a day group the versions live."""

    month = models.DateField(primary_key=True)
