"""The least-watched walk: ``GET /api/v1/routes/?from=LON,LAT&to=LON,LAT[&avoid=all|police|facial_recognition]``.

A GeoJSON FeatureCollection of two LineStrings, ``shortest`` and ``least_watched``, each with
``length_m``, ``watched_m``, ``watched_share`` and ``cameras`` (the ids of the cameras whose fields
of view it crosses, of the group avoided); beside them ``detour_limit``, ``max_length_m``, where each
point met the street network, and the engine used (docs/routes.md). 400 naming ``from`` or ``to``
for a point off the network (with the distance to the nearest street), outside the city, the same
point twice, two points no walkway joins.

Nothing about the request is stored or logged, and the answer says ``Cache-Control: no-store`` so
that no proxy or browser keeps it either (docs/privacy.md).
"""

import math
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from cameramap.routes.planner import RouteError, route_plan

from .fields import ChoiceField

_NUMBER = r"[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)"
POINT_PATTERN = rf"^{_NUMBER},{_NUMBER}$"
AVOID = {"all": "all", "police": "police_city", "facial_recognition": "facial_recognition"}


class PointField(serializers.CharField):
    """``LON,LAT`` in WGS84 degrees, longitude first as in GeoJSON."""

    def to_internal_value(self, data):
        text = super().to_internal_value(data).strip()
        if not re.fullmatch(POINT_PATTERN, text):
            raise serializers.ValidationError(_("Give a point as LON,LAT in degrees, e.g. 24.9441,60.1699."), code="format")
        lon, lat = (float(part) for part in text.split(","))
        if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
            raise serializers.ValidationError(
                _("Longitudes must be within -180..180 and latitudes within -90..90."), code="out_of_world")
        return lon, lat


class RouteQuerySerializer(serializers.Serializer):
    to = PointField(help_text=gettext_lazy("Where it ends: LON,LAT."))
    avoid = ChoiceField(choices=list(AVOID), default="all", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword: the field is named in the query string as clients send it.
        self.fields["from"] = PointField(help_text=gettext_lazy("Where the walk starts: LON,LAT."))


class RouteView(APIView):
    renderer_classes = [JSONRenderer]
    authentication_classes = []  # nothing about who asks is read, nor needed

    @extend_schema(
        summary="The shortest and the least-watched walking routes between two points",
        parameters=[OpenApiParameter("from", {"type": "string", "pattern": POINT_PATTERN}, required=True,
                                     description="LON,LAT in WGS 84 degrees, longitude -180..180, latitude -90..90"),
                    OpenApiParameter("to", {"type": "string", "pattern": POINT_PATTERN}, required=True,
                                     description="LON,LAT in WGS 84 degrees, longitude -180..180, latitude -90..90"),
                    OpenApiParameter("avoid", str, enum=list(AVOID), description="Which cameras to keep away from")],
        responses={(200, "application/geo+json"): OpenApiTypes.OBJECT},
    )
    def get(self, request):
        query = RouteQuerySerializer(data=request.query_params)
        if not query.is_valid():
            raise ValidationError(query.errors)
        data = query.validated_data
        try:
            plan = route_plan(start=data["from"], end=data["to"], scope=AVOID[data["avoid"]])
        except RouteError as error:
            raise ValidationError({error.field: [error.message]}, code=error.code) from None
        response = Response(plan, content_type="application/geo+json")
        response["Cache-Control"] = "no-store"
        return response
