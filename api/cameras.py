"""Public, read-only camera endpoints: the list (GeoJSON FeatureCollection), one camera, and
the count of cameras matching a filter. Only published cameras that were not merged away."""

from django.db import connection
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response

from cameramap.cameras.selectors import camera_feature_texts, camera_resolve, camera_rows, cameras_published
from cameramap.timeline.selectors import camera_as_of

from .as_of import AS_OF_PARAMETER, as_of_query
from .camera_serializers import CameraDetailSerializer, CameraFeatureSerializer, camera_features, camera_page_url_parts
from .filters import CameraCountFilter, CameraListFilter, filter_parameters
from .pagination import GeoJsonLimitOffsetPagination

@extend_schema(parameters=filter_parameters(CameraListFilter))
class CameraListView(ListAPIView):
    """Published cameras as a GeoJSON FeatureCollection (lon/lat), filtered and paginated.

    ``bbox`` limits to a box (at most API_BBOX_MAX_DEGREES a side); the attribute filters may
    be repeated to allow several values (``?operator_type=police&operator_type=city``).
    """

    queryset = cameras_published()
    serializer_class = CameraFeatureSerializer
    filterset_class = CameraListFilter
    pagination_class = GeoJsonLimitOffsetPagination

    def list(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        if connection.vendor == "postgresql":  # the database writes the JSON (see benchmarks/)
            page = self.paginate_queryset(camera_feature_texts(queryset, *camera_page_url_parts(request)))
            return self.paginator.get_paginated_text_response(page)
        page = self.paginate_queryset(camera_rows(queryset))
        return self.get_paginated_response(camera_features(page, request))


class CameraDetailView(GenericAPIView):
    queryset = cameras_published()
    serializer_class = CameraDetailSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(
        summary="One camera as a GeoJSON Feature, with its public photos",
        parameters=[AS_OF_PARAMETER],
        responses={200: CameraDetailSerializer, 301: OpenApiResponse(description="Merged into another camera: "
                   "Location names it."), 404: OpenApiResponse(description="No such published camera.")},
    )
    def get(self, request, camera_id: int):
        as_of = as_of_query(request)
        if as_of is not None:  # the camera as it was: no redirect for a merge that came later
            camera = camera_as_of(camera_id, as_of)
            if camera is None:
                raise NotFound()
            return Response(self.get_serializer(camera, context={**self.get_serializer_context(), "as_of": as_of}).data)
        camera, moved = camera_resolve(camera_id)
        if camera is None:
            raise NotFound()
        if moved:
            return HttpResponsePermanentRedirect(reverse("api-camera-detail", args=[camera.id]))
        return Response(self.get_serializer(camera).data)


class CameraCountView(GenericAPIView):
    """How many published cameras match the filters (and the box, which may be any size)."""

    queryset = cameras_published()
    filterset_class = CameraCountFilter
    pagination_class = None

    @extend_schema(
        responses=inline_serializer("CameraCount", {"count": serializers.IntegerField()}),
        parameters=filter_parameters(CameraCountFilter),
    )
    def get(self, request):
        return Response({"count": self.filter_queryset(self.get_queryset()).count()})
