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
from cameramap.exposure.selectors import area_exposure, area_exposure_as_of, exposure_table, exposure_table_as_of

from .as_of import AS_OF_PARAMETER, as_of_query
from .areas_serializers import AreaKindSerializer, AreasStatisticsSerializer, AreaStatisticsSerializer, area_feature


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


def streets_in_view(figures: dict) -> dict | None:
    """The headline of a place's exposure figures (docs/exposure.md) for its statistics: walkable
    street metres, the metres in view of any camera and their share, the share in view of police
    or city cameras; None before streets are imported and the figures computed."""
    exposure = figures.get("exposure")
    if not exposure:
        return None
    everyone = exposure.get("all", {}).get("all") or {}
    police = exposure.get("police_city", {}).get("all") or {}
    return {"street_m": figures.get("street_m"), "watched_m": everyone.get("watched_m"), "share": everyone.get("share"),
            "police_city_share": police.get("share"), "computed_at": figures.get("computed_at")}


def _with_streets(statistics_all: dict, as_of) -> dict:
    """Every district's row and the city's with ``streets_in_view`` (a copy: the statistics are cached)."""
    table = exposure_table() if as_of is None else exposure_table_as_of(as_of)
    by_area = {row["area"]["id"]: row for row in table["areas"]}
    areas = [{**row, "streets_in_view": streets_in_view(by_area.get(row["id"], {}))} for row in statistics_all["areas"]]
    return {**statistics_all, "city": {**statistics_all["city"], "streets_in_view": streets_in_view(table["city"])},
            "areas": areas}


class AreaStats(APIView):
    renderer_classes = [JSONRenderer]

    @extend_schema(operation_id="areas_stats_retrieve", parameters=[AS_OF_PARAMETER], responses=AreaStatisticsSerializer)
    def get(self, request, pk: int):
        as_of = as_of_query(request)
        area = _area(pk)
        figures = area_statistics(area.id, as_of)
        if figures is None:  # a service area: no statistics of its own
            return Response(figures)
        exposure = area_exposure(area) if as_of is None else area_exposure_as_of(area, as_of)
        return Response({**figures, "streets_in_view": streets_in_view(exposure)})


class AreasStats(APIView):
    renderer_classes = [JSONRenderer]

    @extend_schema(operation_id="areas_stats_list", parameters=[AS_OF_PARAMETER], responses=AreasStatisticsSerializer)
    def get(self, request):
        as_of = as_of_query(request)
        return Response(_with_streets(statistics(as_of=as_of), as_of))


class AreasStatsCsv(APIView):
    @extend_schema(operation_id="areas_stats_csv", parameters=[AS_OF_PARAMETER], responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request):
        response = HttpResponse(statistics_csv(as_of_query(request)), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="cameramap-statistics.csv"'
        return response
