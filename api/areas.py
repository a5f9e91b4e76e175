"""Areas (districts) and their statistics.

``GET /api/v1/areas/`` — a GeoJSON FeatureCollection of the districts (``?kind=service`` for
the service areas), each with ``id, name, population, area_km2, cameras, per_km2, per_1000``;
``GET /api/v1/areas/{id}/`` — one area as a Feature; ``GET /api/v1/areas/{id}/stats/`` — its
full statistics; ``GET /api/v1/areas/stats/`` — every district and the city totals;
``GET /api/v1/areas/stats.csv`` — the same as CSV.
"""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from cameramap.cameras.models import Area
from cameramap.datasets.statistics import area_statistics, statistics, statistics_csv

from .as_of import AS_OF_PARAMETER, as_of_query
from .areas_serializers import AreaKindSerializer, AreaStatisticsSerializer, area_feature


def _area(pk: int) -> Area:
    area = Area.objects.filter(pk=pk).first()
    if area is None:
        raise NotFound(_("No such area."))
    return area


class AreaList(APIView):
    renderer_classes = [JSONRenderer]

    @extend_schema(
        operation_id="areas_list",
        parameters=[OpenApiParameter("kind", str, enum=["district", "service"]), AS_OF_PARAMETER],
        responses={(200, "application/geo+json"): OpenApiTypes.OBJECT},
    )
    def get(self, request):
        query = AreaKindSerializer(data=request.query_params)
        if not query.is_valid():
            raise ValidationError(query.errors)
        service = query.validated_data["kind"] == "service"
        figures = {row["id"]: row for row in statistics(as_of=as_of_query(request))["areas"]} if not service else {}
        areas = Area.objects.filter(is_service_area=service).order_by("name", "id")
        collection = {"type": "FeatureCollection", "features": [area_feature(a, figures.get(a.id)) for a in areas]}
        return Response(collection, content_type="application/geo+json")


class AreaDetail(APIView):
    renderer_classes = [JSONRenderer]

    @extend_schema(operation_id="areas_retrieve", parameters=[AS_OF_PARAMETER],
                   responses={(200, "application/geo+json"): OpenApiTypes.OBJECT})
    def get(self, request, pk: int):
        as_of = as_of_query(request)
        area = _area(pk)
        figures = area_statistics(area.id, as_of) if not area.is_service_area else None
        return Response(area_feature(area, figures, detail=True), content_type="application/geo+json")


class AreaStats(APIView):
    renderer_classes = [JSONRenderer]

    @extend_schema(operation_id="areas_stats_retrieve", parameters=[AS_OF_PARAMETER], responses=AreaStatisticsSerializer)
    def get(self, request, pk: int):
        as_of = as_of_query(request)
        area = _area(pk)
        return Response(area_statistics(area.id, as_of))


class AreasStats(APIView):
    renderer_classes = [JSONRenderer]

    @extend_schema(operation_id="areas_stats_list", parameters=[AS_OF_PARAMETER], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response(statistics(as_of=as_of_query(request)))


class AreasStatsCsv(APIView):
    @extend_schema(operation_id="areas_stats_csv", parameters=[AS_OF_PARAMETER], responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request):
        response = HttpResponse(statistics_csv(as_of_query(request)), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="cameramap-statistics.csv"'
        return response
