"""Where volunteers have looked (docs/coverage.md; what is stored: docs/privacy.md).

``POST /api/v1/coverage/surveys/`` — a survey: the streets (OSM way ids) walked and looked along
on one day; within the report limits (api/report_limits.py), 201 the same whether or not the
streets were already known for that day;
``GET /api/v1/coverage/streets/?bbox=…`` — the walkable streets in a box with the last public day
someone looked (the map's layer "where nobody has looked yet");
``GET /api/v1/areas/coverage/`` · ``GET /api/v1/areas/{id}/coverage/`` — per district and for the
city: the share of the street length looked at, cameras per km looked at, and what has not been
looked at for ``months`` months.
"""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from cameramap.coverage import conf
from cameramap.coverage.figures import area_coverage, coverage_table, months_before
from cameramap.coverage.selectors import publication_starts, street_states
from cameramap.coverage.services import survey_record
from cameramap.geo import bbox_parse

from .areas import _area
from .errors import RequestTooLargeError
from .filters import bbox_parameter
from .report_limits import EVENT_CODE_HEADER, INSTALL_KEY_HEADER, report_limits
from .report_serializers import IDEMPOTENCY_KEY

STREETS_BBOX_MAX_DEGREES = 0.1  # about 10 km: a walk's planning, not the whole city at once
MAX_MONTHS = 120


class SurveySerializer(serializers.Serializer):
    segments = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**62), allow_empty=False,
        help_text="The OpenStreetMap way ids of the streets walked (GET /api/v1/coverage/streets/ gives them); "
                  "repeated form fields or a JSON list. Their order is not kept.")
    day = serializers.DateField(help_text="The day of the walk (YYYY-MM-DD, the city's time zone): today or up to "
                                          "COVERAGE_MAX_AGE_DAYS back.")
    idempotency_key = serializers.RegexField(
        IDEMPOTENCY_KEY, required=False,
        help_text="Accepted for the phone's outbox and never stored: sending a survey twice stores nothing twice.")


class SurveyRecordedSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="Always \"survey\".")
    day = serializers.DateField()
    segments = serializers.IntegerField(help_text="How many streets the survey named.")
    public_from = serializers.DateTimeField(help_text="When these looks become public: the end of the day plus "
                                                      "COVERAGE_DELAY_H hours.")


class SurveyCreateView(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request={"application/json": SurveySerializer, "multipart/form-data": SurveySerializer,
                 "application/x-www-form-urlencoded": SurveySerializer},
        responses={201: SurveyRecordedSerializer},
        parameters=[
            OpenApiParameter(INSTALL_KEY_HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER,
                             pattern=IDEMPOTENCY_KEY.pattern, description="As for reports: counted, never stored."),
            OpenApiParameter(EVENT_CODE_HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER,
                             description="As for reports: higher limits while a mapping event runs."),
        ],
        summary="Say which streets you walked and looked along on a day",
        description="Stored as (street, day) pairs only: no time, no order, no account, receipt or install key. "
        "400 by field for unknown streets, too many (COVERAGE_MAX_SEGMENTS), too far apart (COVERAGE_MAX_SPAN_M), a "
        "day in the future or too long ago; 429 over the report limits (a survey counts as a report), with "
        "Retry-After.",
    )
    def post(self, request):
        limits = report_limits(request)
        serializer = SurveySerializer(data=_survey_data(request))
        serializer.is_valid(raise_exception=True)
        day = serializer.validated_data["day"]
        try:
            count = survey_record(way_ids=serializer.validated_data["segments"], day=day)
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        limits.spend()
        body = {"kind": "survey", "day": day, "segments": count, "public_from": publication_starts(day)}
        return Response(SurveyRecordedSerializer(body).data, status=status.HTTP_201_CREATED)


def _survey_data(request):
    """The parsed body, Django's own limits on forms answered in JSON like the rest."""
    try:
        return request.data
    except TooManyFieldsSent as error:
        raise ValidationError({"segments": [_("At most %(max)d streets in one survey; send a longer walk in parts.")
                                            % {"max": conf.max_segments()}]}) from error
    except RequestDataTooBig as error:
        raise RequestTooLargeError({"detail": _("The survey is too large.")}) from error


class MonthsSerializer(serializers.Serializer):
    months = serializers.IntegerField(min_value=1, max_value=MAX_MONTHS, required=False,
                                      help_text="N of \"not looked at for N months\" (default COVERAGE_STALE_MONTHS).")

    def months_asked(self) -> int:
        self.is_valid(raise_exception=True)
        return self.validated_data.get("months") or conf.stale_months()


class StreetsQuerySerializer(MonthsSerializer):
    bbox = serializers.CharField(help_text=f"minlon,minlat,maxlon,maxlat, at most {STREETS_BBOX_MAX_DEGREES} degrees "
                                           "on each side.")

    def validate_bbox(self, value):
        try:
            return bbox_parse(value, max_degrees=STREETS_BBOX_MAX_DEGREES)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error


class CoverageStreets(APIView):
    renderer_classes = [JSONRenderer]

    @extend_schema(parameters=[MonthsSerializer, bbox_parameter(STREETS_BBOX_MAX_DEGREES)],
                   summary="Streets in a box, and when someone last looked",
                   description="A GeoJSON FeatureCollection of the walkable streets in `bbox`: each feature's `id` is "
                   "the OpenStreetMap way id a survey names; `looked_on` is the last public day someone looked (a "
                   "survey, or an accepted report within COVERAGE_REPORT_RADIUS_M), null for never; `state` is "
                   "`never`, `stale` (not in the last `months` months) or `recent`.",
                   responses={(200, "application/geo+json"): OpenApiTypes.OBJECT})
    def get(self, request):
        query = StreetsQuerySerializer(data=request.query_params)
        months = query.months_asked()
        since = months_before(timezone.localdate(), months)
        features = street_states(query.validated_data["bbox"], recent_since=since)
        return Response({"type": "FeatureCollection", "months": months, "features": features},
                        content_type="application/geo+json")


class _AreaRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()


class CoverageFiguresSerializer(serializers.Serializer):
    area = _AreaRef(allow_null=True, help_text="The district; null for the whole city.")
    street_m = serializers.FloatField(help_text="Walkable street length, metres.")
    surveyed_m = serializers.FloatField(help_text="Of it, the length someone has looked along (any public day).")
    surveyed_share = serializers.FloatField(allow_null=True, help_text="surveyed_m / street_m, 0..1.")
    not_looked_at_m = serializers.FloatField(help_text="The length nobody has looked along in the last `months` "
                                                       "months (never included).")
    not_looked_at_share = serializers.FloatField(allow_null=True)
    last_looked_on = serializers.DateField(allow_null=True, help_text="The last public day someone looked here.")
    months_since_looked = serializers.IntegerField(allow_null=True, help_text="Whole months since then; null: never.")
    verified_cameras = serializers.IntegerField(help_text="Published cameras here that volunteers' sightings verified.")
    cameras_per_surveyed_km = serializers.FloatField(
        allow_null=True, help_text="verified_cameras per km looked at; null: none looked at.")


class CoverageTableSerializer(serializers.Serializer):
    months = serializers.IntegerField()
    public_until = serializers.DateField(help_text="The last day counted: later ones are not public yet.")
    city = CoverageFiguresSerializer()
    areas = CoverageFiguresSerializer(many=True)


class AreaCoverageSerializer(CoverageFiguresSerializer):
    months = serializers.IntegerField()
    public_until = serializers.DateField()


class AreasCoverage(APIView):
    renderer_classes = [JSONRenderer]

    @extend_schema(parameters=[MonthsSerializer], responses=CoverageTableSerializer,
                   summary="Every district's and the city's survey coverage")
    def get(self, request):
        months = MonthsSerializer(data=request.query_params).months_asked()
        return Response(coverage_table(months=months))


class AreaCoverage(APIView):
    renderer_classes = [JSONRenderer]

    @extend_schema(parameters=[MonthsSerializer], responses=AreaCoverageSerializer,
                   summary="A district's survey coverage")
    def get(self, request, pk: int):
        area = _area(pk)
        months = MonthsSerializer(data=request.query_params).months_asked()
        return Response(area_coverage(area, months=months))
