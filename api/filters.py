"""Query-string filters of the public camera endpoints (list, count, tiles), with django-filter.

Every value is checked before it reaches the database: a bad one answers 400 with the field's
name and the reason, never a 500 (django-filter raises, DRF turns it into a JSON 400).
"""

import django_filters
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from cameramap.cameras import vocabulary as v
from cameramap.cameras.models import Camera
from cameramap.cameras.selectors import bbox_parse, cameras_in_bbox


class BboxField(forms.CharField):
    def __init__(self, *, max_degrees: float | None = None, **kwargs):
        self.max_degrees = max_degrees
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        return bbox_parse(value, max_degrees=self.max_degrees)


@extend_schema_field(OpenApiTypes.STR)
class BboxFilter(django_filters.Filter):
    field_class = BboxField

    def filter(self, qs, value):
        return qs if value is None else cameras_in_bbox(qs, value)


def _choices(enum) -> django_filters.MultipleChoiceFilter:
    """A repeatable filter (``?operator_type=police&operator_type=city``) over one enum."""
    return django_filters.MultipleChoiceFilter(choices=[(value, label) for value, label in enum.choices if value])


class CameraFilter(django_filters.FilterSet):
    surveillance_type = _choices(v.SurveillanceType)
    camera_type = _choices(v.CameraType)
    operator_type = _choices(v.OperatorType)
    facial_recognition = _choices(v.FacialRecognition)
    sign_present = _choices(v.SignPresent)
    status = _choices(v.CameraStatus)
    surveillance = _choices(v.Surveillance)
    mount = _choices(v.Mount)
    zone = _choices(v.Zone)
    source = _choices(v.Source)
    operator = django_filters.CharFilter(
        field_name="operator", lookup_expr="iexact", max_length=200, help_text=_("Operator's name, exactly (any case).")
    )
    added_since = django_filters.DateFilter(
        field_name="first_seen", lookup_expr="gte", help_text=_("First seen on or after this day (YYYY-MM-DD).")
    )
    confirmed_since = django_filters.DateFilter(
        field_name="last_confirmed", lookup_expr="gte", help_text=_("Last confirmed on or after this day (YYYY-MM-DD).")
    )
    min_sightings = django_filters.NumberFilter(
        field_name="confirmations", lookup_expr="gte", min_value=1, max_value=1_000_000,
        help_text=_("At least this many independent sightings."),
    )

    class Meta:
        model = Camera
        fields: list[str] = []


class CameraListFilter(CameraFilter):
    """The list: a bbox of bounded size, and an order."""

    bbox = BboxFilter(
        max_degrees=settings.API_BBOX_MAX_DEGREES,
        help_text=_("minlon,minlat,maxlon,maxlat (WGS84); at most API_BBOX_MAX_DEGREES on each side."),
    )
    ordering = django_filters.OrderingFilter(
        fields=(("id", "id"), ("first_seen", "first_seen"), ("last_confirmed", "last_confirmed"), ("confirmations", "sightings")),
        help_text=_("id, first_seen, last_confirmed or sightings; a leading - reverses."),
    )


class CameraCountFilter(CameraFilter):
    """The count: any box on Earth (counting reads no rows out)."""

    bbox = BboxFilter(max_degrees=None, help_text=_("minlon,minlat,maxlon,maxlat (WGS84)."))
