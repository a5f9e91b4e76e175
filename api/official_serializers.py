"""Official lists and their entries as the API shows them (and documents them in the schema)."""

import json

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from cameramap.geo import bbox_parse

from cameramap.official.models import LocatedBy, MatchStatus


class SplitSerializer(serializers.Serializer):
    total = serializers.IntegerField(min_value=0)
    verified = serializers.IntegerField(min_value=0, help_text="Cameras our volunteers' sightings verified.")
    imported = serializers.IntegerField(min_value=0, help_text="Cameras only an outside source (OSM, a list, staff) knows.")


class FiguresSerializer(serializers.Serializer):
    declared = serializers.IntegerField(min_value=0, help_text="Entries in the list.")
    located = serializers.IntegerField(min_value=0, help_text="Entries with a place (coordinates, address, crossing, by hand).")
    matched = SplitSerializer(help_text="Entries confidently paired with a camera on the street.")
    probable = SplitSerializer(help_text="Entries paired with a camera that a moderator has yet to confirm.")
    not_found = serializers.IntegerField(min_value=0, help_text="Located entries with no camera within reach.")
    unlocated = serializers.IntegerField(min_value=0, help_text="Entries that could not be placed.")
    not_declared = SplitSerializer(help_text="Cameras in the list's area that none of its entries is paired with.")


class DistrictFiguresSerializer(FiguresSerializer):
    area = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()


class OfficialListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    publisher = serializers.CharField()
    published = serializers.DateField()
    source_url = serializers.CharField(allow_blank=True)
    licence = serializers.CharField(allow_blank=True)
    notes = serializers.CharField(allow_blank=True)
    file_name = serializers.CharField()
    file_sha256 = serializers.CharField()
    imported_at = serializers.DateTimeField()
    matched_at = serializers.DateTimeField(allow_null=True)
    area = serializers.CharField(allow_null=True, source="area.slug", default=None, help_text="The district or service area it covers, when one was named.")
    previous = serializers.IntegerField(allow_null=True, source="previous_id", help_text="The earlier version of the list.")
    match_radius_m = serializers.FloatField()
    figures = FiguresSerializer()


class OfficialListDetailSerializer(OfficialListSerializer):
    districts = DistrictFiguresSerializer(many=True)
    coverage = serializers.JSONField(allow_null=True, help_text="The list's area (GeoJSON MultiPolygon).")


class EntryQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=MatchStatus.values, required=False)
    located_by = serializers.ChoiceField(choices=LocatedBy.values, required=False)
    bbox = serializers.CharField(required=False, max_length=200)

    def validate_bbox(self, value):
        # Any size: the entries are paginated like every list.
        try:
            return bbox_parse(value, max_degrees=None)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error


def entry_feature(entry) -> dict:
    geometry = {"type": "Point", "coordinates": [round(entry.location.x, 7), round(entry.location.y, 7)]} if entry.location else None
    return {
        "type": "Feature", "id": entry.id, "geometry": geometry,
        "properties": {
            "id": entry.id, "row": entry.row, "ref": entry.ref, "name": entry.name, "address": entry.address,
            "status": entry.status, "camera": entry.camera_id, "score": entry.score, "distance_m": entry.distance_m,
            "located_by": entry.located_by, "precision_m": entry.precision_m, "unlocated_reason": entry.unlocated_reason,
            "district": entry.district_id, "confirmed": entry.confirmed,
        },
    }


def coverage_json(official_list):
    return json.loads(official_list.coverage.json) if official_list.coverage is not None else None
