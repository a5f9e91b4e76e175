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


def _split(what: str) -> serializers.DictField:
    return serializers.DictField(child=serializers.IntegerField(), help_text=f"{what}: value → cameras.")


class SplitsSerializer(serializers.Serializer):
    operator_type = _split("By operator type")
    camera_type = _split("By camera type (unknown: not known)")
    facial_recognition = _split("By facial recognition")
    sign_present = _split("By notice sign")


class ImportedBySourceSerializer(serializers.Serializer):
    osm = serializers.IntegerField(help_text="Imported from OpenStreetMap.")
    official = serializers.IntegerField(help_text="Imported from an official list.")
    crowd = serializers.IntegerField(help_text="Added by the site's staff, not seen by a volunteer.")


class MonthSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM.")
    cameras = serializers.IntegerField(help_text="Verified cameras whose first verified sighting fell in the month "
                                                 "(removed ones included: the history of the work).")


class FiguresSerializer(SplitsSerializer):
    """What every row counts: published cameras still on the street, merged ones once."""

    population = serializers.IntegerField(allow_null=True, help_text="Residents, where known.")
    area_km2 = serializers.FloatField(help_text="Geodesic area in km².")
    cameras = serializers.IntegerField(help_text="Verified and imported together.")
    verified = serializers.IntegerField(help_text="Verified: a volunteer's sighting accepted by a moderator.")
    imported = serializers.IntegerField(help_text="Imported: known only from an outside source, not yet seen by "
                                                  "our volunteers.")
    imported_by_source = ImportedBySourceSerializer()
    per_km2 = serializers.FloatField(allow_null=True, help_text="cameras per km².")
    per_1000 = serializers.FloatField(allow_null=True, help_text="cameras per 1,000 residents (population known).")
    verified_per_km2 = serializers.FloatField(allow_null=True, help_text="verified cameras per km².")
    verified_per_1000 = serializers.FloatField(allow_null=True, help_text="verified cameras per 1,000 residents.")
    verified_by = SplitsSerializer(help_text="The same splits, of the verified cameras only (imported: the "
                                             "difference).")
    streets_in_view = StreetsInViewSerializer(allow_null=True, help_text="The streets in view (docs/exposure.md); "
                                              "null before streets are imported and the figures computed.")


class AreaRowSerializer(FiguresSerializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()


class AreaStatisticsSerializer(AreaRowSerializer):
    """Documents the shape of ``/areas/{id}/stats/`` for the OpenAPI schema."""

    per_month = MonthSerializer(many=True)


class CityStatisticsSerializer(FiguresSerializer):
    cameras_in_areas = serializers.IntegerField(help_text="Of the cameras, those inside a district (the rates "
                                                          "count these).")


class AreasStatisticsSerializer(serializers.Serializer):
    """Documents the shape of ``/areas/stats/`` for the OpenAPI schema."""

    city = CityStatisticsSerializer(help_text="The whole city: every camera, also those outside every district.")
    areas = AreaRowSerializer(many=True, help_text="One row per district.")
    per_month = MonthSerializer(many=True)
