"""Parsing a report from a phone (multipart) and showing one back. Only parsing and shaping
here: what is a usable photo, location or camera is the service's business."""

import re
from urllib.parse import urlencode

from django.contrib.gis.geos import Point
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cameramap.cameras import vocabulary as v
from cameramap.cameras.models import Camera, Report
from cameramap.cameras.services.receipts import report_public_camera
from cameramap.moderation.reasons import reject_reason_label
from cameramap.moderation.selectors import report_reject_reason

from .fields import ChoiceField

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


@extend_schema_field({"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 359}, "maxItems": v.MAX_DIRECTIONS})
class DirectionsField(serializers.Field):
    """Degrees the camera faces: repeated fields (``directions=90&directions=270``), or one value
    in OSM's style (``90;270``, commas also accepted). Empty means "don't know"."""

    default_error_messages = {
        "invalid": _("Directions are whole degrees from 0 to 359, separated by ';'."),
        "too_many": _("At most {max} directions."),
    }

    def get_value(self, dictionary):
        if hasattr(dictionary, "getlist"):
            values = dictionary.getlist(self.field_name)
            return values if values else serializers.empty
        return dictionary.get(self.field_name, serializers.empty)

    def to_internal_value(self, data):
        items = data if isinstance(data, list) else [data]
        degrees = []
        for item in items:
            if isinstance(item, int) and not isinstance(item, bool):
                parts = [item]
            elif isinstance(item, str):
                parts = [part for part in re.split(r"[;,\s]+", item.strip()) if part]
            else:
                self.fail("invalid")
            for part in parts:
                try:
                    value = int(part)
                except (TypeError, ValueError):
                    self.fail("invalid")
                if not 0 <= value <= 359:
                    self.fail("invalid")
                if value not in degrees:
                    degrees.append(value)
        if len(degrees) > v.MAX_DIRECTIONS:
            self.fail("too_many", max=v.MAX_DIRECTIONS)
        return degrees

    def to_representation(self, value):
        return list(value)


def _choice(enum, **kwargs) -> ChoiceField:
    return ChoiceField(choices=enum.choices, required=False, **kwargs)


class ReportCreateSerializer(serializers.Serializer):
    photos = serializers.ListField(
        child=serializers.FileField(allow_empty_file=False, use_url=False), required=False, default=list,
        help_text=_("1 to PHOTOS_PER_REPORT photos: JPEG, PNG, WebP or HEIC/HEIF. None needed for kind=gone."),
    )
    lat = serializers.FloatField(
        min_value=-90, max_value=90, required=False, allow_null=True, help_text=_("WGS84 latitude; omit to use the photo's GPS.")
    )
    lon = serializers.FloatField(min_value=-180, max_value=180, required=False, allow_null=True, help_text=_("WGS84 longitude."))
    accuracy_m = serializers.FloatField(min_value=0, max_value=10_000, required=False, allow_null=True)
    directions = DirectionsField(required=False, default=list, help_text=_("Degrees clockwise from north, e.g. 90;270."))
    kind = _choice(v.ReportKind, default=v.ReportKind.NEW)
    camera = serializers.PrimaryKeyRelatedField(queryset=Camera.objects.all(), required=False, allow_null=True)
    surveillance = _choice(v.Surveillance, allow_blank=True)
    surveillance_type = _choice(v.SurveillanceType)
    camera_type = _choice(v.CameraType, allow_blank=True)
    mount = _choice(v.Mount, allow_blank=True)
    zone = _choice(v.Zone, allow_blank=True)
    height = serializers.FloatField(min_value=0, max_value=300, required=False, allow_null=True)
    operator = serializers.CharField(max_length=200, required=False, allow_blank=True)
    operator_type = _choice(v.OperatorType)
    manufacturer = serializers.CharField(max_length=100, required=False, allow_blank=True)
    model = serializers.CharField(max_length=100, required=False, allow_blank=True)
    facial_recognition = _choice(v.FacialRecognition)
    facial_recognition_evidence = serializers.URLField(max_length=500, required=False, allow_blank=True)
    sign_present = _choice(v.SignPresent)
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    idempotency_key = serializers.RegexField(
        IDEMPOTENCY_KEY, required=False, allow_blank=True,
        error_messages={"invalid": _("Use 16 to 64 letters, digits, '-' or '_' (a UUID is ideal).")},
        help_text=_("Chosen by the client; a retry with the same key returns the first report."),
    )

    def validate(self, data):
        if (data.get("lat") is None) != (data.get("lon") is None):
            missing = "lon" if data.get("lat") is not None else "lat"
            raise serializers.ValidationError({missing: [_("Send latitude and longitude together.")]})
        if not data["photos"] and data["kind"] != v.ReportKind.GONE:
            raise serializers.ValidationError({"photos": [_("Add at least one photo of the camera.")]})
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.validated_data)
        lat, lon = data.pop("lat", None), data.pop("lon", None)
        data["location"] = Point(x=lon, y=lat, srid=4326) if lat is not None else None
        data["idempotency_key"] = data.get("idempotency_key") or None
        return data


def camera_urls(report: Report) -> dict | None:
    """Where the camera this report created or joined is shown (paths of the API contract)."""
    camera = report_public_camera(report)
    if camera is None:
        return None
    return {"id": camera.pk, "url": reverse("web:camera", args=[camera.pk]), "api_url": reverse("api-camera-detail", args=[camera.pk])}


class ReportPhotoStateSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    state = serializers.CharField()
    failure_reason = serializers.CharField()


class RejectReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class ReportStatusSerializer(serializers.Serializer):
    """What the holder of a receipt may see: the state of their own report."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField()
    location = serializers.SerializerMethodField()
    directions = serializers.ListField(child=serializers.IntegerField())
    camera = serializers.SerializerMethodField()
    reject_reason = serializers.SerializerMethodField()
    photos = ReportPhotoStateSerializer(many=True)

    def get_location(self, report) -> dict:
        return {"type": "Point", "coordinates": [report.location.x, report.location.y]}

    def get_camera(self, report) -> dict | None:
        return camera_urls(report)

    @extend_schema_field(RejectReasonSerializer(allow_null=True))
    def get_reject_reason(self, report) -> dict | None:
        """Why it was not accepted: the reason's code and its label in the request's language
        (never the moderator's own words)."""
        code = report_reject_reason(report)
        label = reject_reason_label(code)
        return {"code": code, "label": label} if label is not None else None


class ReportCreatedSerializer(ReportStatusSerializer):
    """The answer to a submission: the status, and the receipt that lets its holder follow it."""

    receipt = serializers.CharField()
    receipt_url = serializers.SerializerMethodField()
    status_url = serializers.SerializerMethodField()

    def get_receipt_url(self, report) -> str:
        return f"{reverse('web:report_receipt', args=[report.pk])}?{urlencode({'receipt': report.receipt})}"

    def get_status_url(self, report) -> str:
        return f"{reverse('api-report-detail', args=[report.pk])}?{urlencode({'receipt': report.receipt})}"
