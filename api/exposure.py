"""Streets under watch: fields of view for the map and the street exposure figures.

``GET /api/v1/fields-of-view/?bbox=…`` — the fields of view of the published cameras in a box (the
camera list's filters apply, ``as_of`` among them), a GeoJSON FeatureCollection whose features carry the camera's id;
``GET /api/v1/areas/{id}/exposure/`` — one district's figures; ``GET /api/v1/areas/exposure/`` —
every district's and the city's. Each answer carries ``fov_model``, the model the polygons were
computed with, so anyone can recompute the figures (docs/exposure.md).
"""

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from cameramap.cameras.selectors import cameras_published
from cameramap.exposure.runs import run_status
from cameramap.exposure.selectors import (
    area_exposure, area_exposure_as_of, exposure_table, exposure_table_as_of, fields_of_view_as_of, fields_of_view_in,
)
from cameramap.exposure.services import fov_model_published

from .areas import _area
from .as_of import AS_OF_PARAMETER, as_of_query
from .filters import CameraListFilter, filter_parameters


class _Figure(serializers.Serializer):
    watched_m = serializers.FloatField(help_text="Metres of street inside at least one field of view.")
    share = serializers.FloatField(allow_null=True, help_text="watched_m / street_m, 0..1.")
    cameras = serializers.IntegerField(help_text="Cameras whose fields of view were counted.")


class _Verified(serializers.Serializer):
    all = _Figure(help_text="Every published camera, verified or imported.")
    verified = _Figure(help_text="Only cameras our volunteers' sightings verified.")


class _Scopes(serializers.Serializer):
    all = _Verified(help_text="Cameras of any operator.")
    police_city = _Verified(help_text="Cameras operated by the police or the city.")
    facial_recognition = _Verified(help_text="Cameras with suspected or confirmed facial recognition.")


class _AreaRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()


class AreaExposureSerializer(serializers.Serializer):
    area = _AreaRef(allow_null=True, help_text="The district; null for the whole city.")
    street_m = serializers.FloatField(allow_null=True, help_text="Walkable street length in metres; null until computed.")
    computed_at = serializers.DateTimeField(allow_null=True)
    exposure = _Scopes(allow_null=True, help_text="Null until the figures are computed.")


class _Computation(serializers.Serializer):
    state = serializers.ChoiceField(choices=["queued", "running", "done", "failed"])
    stage = serializers.CharField(allow_null=True, help_text="fields_of_view, then exposure.")
    done = serializers.IntegerField(help_text="Steps of the stage done, of `total`.")
    total = serializers.IntegerField()
    requested_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    changes_waiting = serializers.BooleanField(help_text="Changes wait for the next recomputation.")


class ExposureSerializer(serializers.Serializer):
    fov_model = serializers.DictField(help_text="The field-of-view model: per camera kind the angle (degrees) and "
                                                "range (metres), and whether buildings were taken into account.")
    computation = _Computation(allow_null=True, help_text="The recomputation under way, else the latest; null before any.")
    city = AreaExposureSerializer()
    areas = AreaExposureSerializer(many=True)


class AreaExposureDetailSerializer(AreaExposureSerializer):
    fov_model = serializers.DictField()


class AreaExposure(APIView):
    renderer_classes = [JSONRenderer]

    @extend_schema(summary="A district's street length, and how much of it is in view of cameras",
                   parameters=[AS_OF_PARAMETER], responses=AreaExposureDetailSerializer)
    def get(self, request, pk: int):
        as_of = as_of_query(request)
        area = _area(pk)
        figures = area_exposure(area) if as_of is None else area_exposure_as_of(area, as_of)
        return Response({**figures, "fov_model": fov_model_published()})


class AreasExposure(APIView):
    renderer_classes = [JSONRenderer]

    @extend_schema(summary="Every district's and the city's street exposure", parameters=[AS_OF_PARAMETER],
                   responses=ExposureSerializer)
    def get(self, request):
        as_of = as_of_query(request)
        table = exposure_table() if as_of is None else exposure_table_as_of(as_of)
        computation = run_status()
        if computation is not None:
            computation = _Computation(computation).data
        return Response({"fov_model": fov_model_published(), "computation": computation, **table})


class FieldOfViewList(GenericAPIView):
    """The fields of view of the published cameras in ``bbox`` (required), at most
    API_MAX_PAGE_SIZE of them, as a GeoJSON FeatureCollection; a camera without a computed field of
    view is absent (the map then draws its wedge itself). With ``as_of``, the view each camera of
    that day had then, computed from its version of that day (docs/exposure.md)."""

    renderer_classes = [JSONRenderer]
    queryset = cameras_published()
    filterset_class = CameraListFilter
    pagination_class = None

    @extend_schema(summary="Fields of view of the cameras in a box",
                   parameters=filter_parameters(CameraListFilter, required=frozenset({"bbox"})),
                   responses={(200, "application/geo+json"): OpenApiTypes.OBJECT})
    def get(self, request):
        if not request.query_params.get("bbox"):
            raise ValidationError({"bbox": [_("This parameter is required.")]})
        cameras = self.filter_queryset(self.get_queryset())  # as_of, when given, is checked here
        select = fields_of_view_as_of if request.query_params.get("as_of") else fields_of_view_in
        rows = select(cameras, limit=settings.API_MAX_PAGE_SIZE)
        features = [{"type": "Feature", "id": camera_id, "geometry": geometry, "properties": {}}
                    for camera_id, geometry in rows]
        return Response({"type": "FeatureCollection", "features": features}, content_type="application/geo+json")
