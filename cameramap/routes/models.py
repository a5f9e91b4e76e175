"""The walking graph: the city's walkable streets (city.StreetSegment) cut at every junction into
edges between two nodes, each with its length and how much of it lies in view of cameras, per
camera group. Built by services.route_graph_update from the streets and the stored fields of view;
routes are searched on it (pgRouting reads this table as it is: ``id, source, target``).

Nothing about a route request is stored here or anywhere: the table holds the streets only.
"""

from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class RouteEdge(models.Model):
    source = models.IntegerField(db_index=True, help_text=_("The node the edge's line starts at."))
    target = models.IntegerField(db_index=True, help_text=_("The node the edge's line ends at."))
    geometry = models.LineStringField(srid=4326, spatial_index=True)
    length_m = models.FloatField()
    # Metres of the edge inside at least one field of view of the cameras of each group
    # (exposure.CameraScope): all cameras, police and city ones, facial recognition.
    watched_all = models.FloatField(default=0.0)
    watched_police_city = models.FloatField(default=0.0)
    watched_facial_recognition = models.FloatField(default=0.0)
    cameras = models.JSONField(default=list, blank=True, help_text=_("Cameras whose fields of view the edge crosses."))

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"edge {self.source}–{self.target}"
