"""Official lists, read-only and public.

``GET /api/v1/official-lists/`` — every list with its provenance and figures;
``GET /api/v1/official-lists/{id}/`` — one list, plus its figures per district and its area;
``GET /api/v1/official-lists/{id}/entries/`` — its entries as a GeoJSON FeatureCollection
(paginated; ``status``, ``located_by`` and ``bbox`` filter);
``GET /api/v1/official-lists/{id}/comparison.csv|.geojson`` — the comparison to download, entry by
entry and camera by camera (official/comparison.py). The figures are official/figures.py's."""

from types import SimpleNamespace

from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from cameramap.geo import in_bbox
from cameramap.official.comparison import COLUMNS, FORMATS, comparison_file_name
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
            OpenApiParameter("bbox", OpenApiTypes.STR, description="minlon,minlat,maxlon,maxlat (WGS84): the located entries "
                             "in this box (the map asks for those in view)."),
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
        box = query.validated_data.pop("bbox", None)
        entries = official_list.entries.filter(**query.validated_data).order_by("row", "id")
        if box is not None:
            entries = in_bbox(entries, box)
        page = self.paginate_queryset(entries)
        collection = self.get_paginated_response([entry_feature(e) for e in page]).data
        return Response(collection, content_type="application/geo+json")


class OfficialListComparison(APIView):
    """The comparison as a file: CSV for spreadsheets, GeoJSON for QGIS (streamed)."""

    @extend_schema(
        operation_id="official_lists_comparison_retrieve",
        summary="A list's comparison with the cameras on the street, to download (CSV or GeoJSON)",
        description="One row per entry (its status, place and paired camera), then one per camera in the list's area "
                    "that it does not declare (`not_declared`); every row with the list's provenance. Columns: "
                    + ", ".join(f"`{name}`" for name in COLUMNS) + ".",
        parameters=[OpenApiParameter("fmt", {"type": "string", "enum": list(FORMATS)}, OpenApiParameter.PATH)],
        responses={(200, "text/csv"): OpenApiTypes.STR, (200, "application/geo+json"): OpenApiTypes.OBJECT,
                   404: OpenApiResponse(description="No such list, or no such format.")},
    )
    def get(self, request, pk: int, fmt: str):
        if fmt not in FORMATS:
            raise NotFound(_("Unknown format; one of: %(formats)s.") % {"formats": ", ".join(FORMATS)})
        official_list = _list(pk)
        media_type, write = FORMATS[fmt]
        response = StreamingHttpResponse(write(official_list), content_type=media_type)
        response["Content-Disposition"] = f'attachment; filename="{comparison_file_name(official_list, fmt)}"'
        return response
