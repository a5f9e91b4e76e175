"""Official lists, read-only and public.

``GET /api/v1/official-lists/`` — every list with its provenance and figures;
``GET /api/v1/official-lists/{id}/`` — one list, plus its figures per district and its area;
``GET /api/v1/official-lists/{id}/entries/`` — its entries as a GeoJSON FeatureCollection
(paginated; ``status`` and ``located_by`` filter). The figures are official/figures.py's."""

from types import SimpleNamespace

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from cameramap.official.figures import district_figures, list_figures
from cameramap.official.models import LocatedBy, MatchStatus, OfficialList

from .official_serializers import (EntryQuerySerializer, OfficialListDetailSerializer, OfficialListSerializer, coverage_json,
                                   entry_feature)
from .pagination import GeoJsonLimitOffsetPagination


def _list(pk: int) -> OfficialList:
    found = OfficialList.objects.select_related("area").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such official list."))
    return found


def _summary(official_list: OfficialList) -> SimpleNamespace:
    """The list's own fields with its figures, as the serializers read them."""
    fields = {f.attname: getattr(official_list, f.attname) for f in OfficialList._meta.concrete_fields}
    return SimpleNamespace(**fields, area=official_list.area, match_radius_m=settings.OFFICIAL_MATCH_RADIUS_M,
                           figures=list_figures(official_list))


class OfficialListList(APIView):
    renderer_classes = [JSONRenderer]

    @extend_schema(summary="Authorities' camera lists with declared / matched / probable / not found / unlocated / not declared",
                   responses=OfficialListSerializer(many=True))
    def get(self, request):
        lists = OfficialList.objects.select_related("area").order_by("-published", "-id")
        return Response(OfficialListSerializer([_summary(ol) for ol in lists], many=True).data)


class OfficialListDetail(APIView):
    renderer_classes = [JSONRenderer]

    @extend_schema(summary="One list: its figures, per district, and its area", responses=OfficialListDetailSerializer)
    def get(self, request, pk: int):
        official_list = _list(pk)
        summary = _summary(official_list)
        summary.districts = district_figures(official_list)
        summary.coverage = coverage_json(official_list)
        return Response(OfficialListDetailSerializer(summary).data)


class OfficialListEntries(GenericAPIView):
    renderer_classes = [JSONRenderer]
    pagination_class = GeoJsonLimitOffsetPagination
    filter_backends = []

    @extend_schema(
        summary="A list's entries as GeoJSON (unlocated ones with a null geometry)",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=MatchStatus.values),
            OpenApiParameter("located_by", OpenApiTypes.STR, enum=LocatedBy.values),
            OpenApiParameter("limit", OpenApiTypes.INT, description=f"1 to {settings.API_MAX_PAGE_SIZE}."),
            OpenApiParameter("offset", OpenApiTypes.INT, description="0 or more."),
        ],
        responses={(200, "application/geo+json"): OpenApiTypes.OBJECT},
    )
    def get(self, request, pk: int):
        official_list = _list(pk)
        query = EntryQuerySerializer(data=request.query_params)
        if not query.is_valid():
            raise ValidationError(query.errors)
        entries = official_list.entries.filter(**query.validated_data).order_by("row", "id")
        page = self.paginate_queryset(entries)
        collection = self.get_paginated_response([entry_feature(e) for e in page]).data
        return Response(collection, content_type="application/geo+json")
