"""Areas as GeoJSON Features (RFC 7946), with their statistics as properties."""

import json

from rest_framework import serializers

from .fields import ChoiceField

# The properties the map's choropleth reads: exactly these, on every feature.
CHOROPLETH = ("id", "name", "population", "area_km2", "cameras", "per_km2", "per_1000")


class AreaKindSerializer(serializers.Serializer):
    kind = ChoiceField(choices=["district", "service"], default="district", required=False)


def area_feature(area, figures: dict | None, *, detail: bool = False) -> dict:
    """``figures``: the area's row from ``datasets.statistics`` (None for a service area)."""
    figures = figures or {}
    properties = {
        "id": area.id, "name": area.name, "population": area.population,
        "area_km2": figures.get("area_km2"), "cameras": figures.get("cameras", 0),
        "per_km2": figures.get("per_km2"), "per_1000": figures.get("per_1000"),
    }
    if detail:
        properties.update(slug=area.slug, source=area.source, is_service_area=area.is_service_area)
    return {"type": "Feature", "id": area.id, "geometry": json.loads(area.boundary.json), "properties": properties}


class StreetsInViewSerializer(serializers.Serializer):
    street_m = serializers.FloatField(allow_null=True, help_text="Walkable street metres.")
    watched_m = serializers.FloatField(allow_null=True, help_text="Of them, metres in view of any camera.")
    share = serializers.FloatField(allow_null=True, help_text="watched_m / street_m.")
    police_city_share = serializers.FloatField(allow_null=True, help_text="The share in view of police or city cameras.")
    computed_at = serializers.CharField(allow_null=True)


class AreaStatisticsSerializer(serializers.Serializer):
    """Documents the shape of ``/areas/{id}/stats/`` for the OpenAPI schema."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    population = serializers.IntegerField(allow_null=True)
    area_km2 = serializers.FloatField()
    cameras = serializers.IntegerField()
    per_km2 = serializers.FloatField(allow_null=True)
    per_1000 = serializers.FloatField(allow_null=True)
    operator_type = serializers.DictField(child=serializers.IntegerField())
    camera_type = serializers.DictField(child=serializers.IntegerField())
    facial_recognition = serializers.DictField(child=serializers.IntegerField())
    sign_present = serializers.DictField(child=serializers.IntegerField())
    per_month = serializers.ListField(child=serializers.DictField())
    streets_in_view = StreetsInViewSerializer(allow_null=True, help_text="The streets in view (docs/exposure.md); "
                                              "null before streets are imported and the figures computed.")
