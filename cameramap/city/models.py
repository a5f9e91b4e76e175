"""The city's own base data, imported from an OpenStreetMap extract (``manage.py city_import``):
street segments with their names, address points and building footprints.

Official lists are located against these (cameramap/official/locate.py); fields of view, street
exposure and walking routes use the same streets. One row per OSM element, keyed by its type and
id, so an import of a newer extract replaces what it covers and leaves the rest of the city alone.
``name_key`` / ``street_key`` are the names folded (cameramap/text.py ``fold``, plus the street-type
abbreviations of city/names.py): what a written address is compared with.
"""

from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class StreetSegment(models.Model):
    """One OSM way tagged ``highway=*`` (or a named square, ``place=square``) as a line."""

    osm_id = models.BigIntegerField(unique=True, help_text=_("The OSM way's id."))
    highway = models.CharField(max_length=40, help_text=_("The way's highway=* value (\"square\" for place=square)."))
    name = models.CharField(max_length=255, blank=True)
    names = models.JSONField(default=dict, blank=True, help_text=_("Every name tag: name, name:sr, name:sr-Latn, alt_name, old_name…"))
    name_keys = models.JSONField(default=list, blank=True, help_text=_("The names folded for address lookup."))
    name_key = models.CharField(max_length=255, blank=True, db_index=True)
    geometry = models.LineStringField(srid=4326, spatial_index=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["osm_id"]

    def __str__(self) -> str:
        return self.name or f"way {self.osm_id}"


class AddressPoint(models.Model):
    """An address: a node with ``addr:street`` + ``addr:housenumber``, or a building's centroid."""

    osm_type = models.CharField(max_length=8)
    osm_id = models.BigIntegerField()
    street = models.CharField(max_length=255)
    housenumber = models.CharField(max_length=40)
    street_key = models.CharField(max_length=255, db_index=True)
    number_key = models.CharField(max_length=40)
    location = models.PointField(srid=4326, spatial_index=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["street_key", "number_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["osm_type", "osm_id"], name="address_osm_unique"),
            models.CheckConstraint(condition=Q(osm_type__in=["node", "way", "relation"]), name="address_osm_type_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.street} {self.housenumber}"


class Building(models.Model):
    """A building footprint (a closed OSM way tagged ``building=*``)."""

    osm_id = models.BigIntegerField(unique=True, help_text=_("The OSM way's id."))
    building = models.CharField(max_length=40, help_text=_("The building=* value."))
    levels = models.PositiveSmallIntegerField(null=True, blank=True)
    height = models.FloatField(null=True, blank=True, help_text=_("Metres, when OSM says."))
    footprint = models.PolygonField(srid=4326, spatial_index=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["osm_id"]

    def __str__(self) -> str:
        return f"building {self.osm_id}"
