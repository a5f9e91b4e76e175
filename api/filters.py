"""The camera endpoints' filters: the one filter language (cameramap/camera_filters.py),
extended where an endpoint has its own needs. Every value is checked before it reaches the
database: a bad one answers 400 with the field's name and the reason, never a 500.

``filter_parameters`` describes a FilterSet in the OpenAPI document, the same way for the list,
the count, the tiles and the downloads: each filter's type, its values and its bounds, so that a
request the document calls valid is one the API takes."""

import django_filters
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field

from cameramap.camera_filters import CameraFilterSet
from cameramap.cameras.filters import (
    AreaFilter,
    BboxFilter,
    ChoiceListFilter,
    EnumFilter,
    IntegerFilter,
    OrderingFilter,
)
from cameramap.geo import BBOX_PATTERN
from cameramap.official.filters import OfficialListFilter
from cameramap.timeline.filters import AsOfFilter

from .schema import TEXT_PATTERN


# Read by drf-spectacular's own pass over a list's filters, which filter_parameters then replaces.
for _filter in (BboxFilter, AreaFilter):
    extend_schema_field(OpenApiTypes.STR)(_filter)
extend_schema_field(OpenApiTypes.DATE)(AsOfFilter)
# An official list's id: a whole number from 1.
extend_schema_field({"type": "integer", "minimum": 1, "maximum": 10**18})(OfficialListFilter)


class CameraListFilter(CameraFilterSet):
    """The list: a bbox of bounded size, and an order."""

    bbox = BboxFilter(
        max_degrees=settings.API_BBOX_MAX_DEGREES,
        help_text=_("minlon,minlat,maxlon,maxlat (WGS84); at most API_BBOX_MAX_DEGREES on each side."),
    )
    ordering = OrderingFilter(
        fields=(("id", "id"), ("first_seen", "first_seen"), ("last_confirmed", "last_confirmed"), ("confirmations", "sightings")),
        help_text=_("id, first_seen, last_confirmed or sightings; a leading - reverses."),
    )


# The count and the tiles: the base filters as they are (the count takes any box on Earth:
# counting reads no rows out).
CameraCountFilter = CameraFilterSet

# Text: no NUL character (Django refuses those in any text field).
TEXT = {"type": "string", "pattern": TEXT_PATTERN}


def _bbox_schema(filter_) -> tuple[dict, str]:
    return bbox_schema(filter_.extra.get("max_degrees"))


def bbox_schema(side: float | None) -> tuple[dict, str]:
    """A ``bbox`` query parameter's schema and description, with its largest side when it has one."""
    limit = f" Each side at most {side:g} degrees." if side is not None else ""
    description = ("`minlon,minlat,maxlon,maxlat`: four decimal numbers in WGS 84 degrees, longitudes -180..180, "
                   f"latitudes -90..90, minlon < maxlon and minlat < maxlat (a box across the antimeridian is sent as "
                   f"two).{limit} The pattern gives the syntax; the format `bbox` stands for the rules, which JSON "
                   "Schema cannot state.")
    return {"type": "string", "format": "bbox", "pattern": BBOX_PATTERN}, description


def bbox_parameter(side: float) -> OpenApiParameter:
    """A required ``bbox`` of at most ``side`` degrees, for the endpoints that take no camera filters."""
    schema, description = bbox_schema(side)
    return OpenApiParameter("bbox", schema, required=True, description=description)


def filter_schema(filter_) -> tuple[dict, dict]:
    """One filter as (OpenAPI schema, extra parameter keys)."""
    if isinstance(filter_, OrderingFilter):
        values = [value for value, _label in filter_.extra["choices"]]
        return {"type": "array", "items": {"type": "string", "enum": values}}, {"style": "form", "explode": False}
    if isinstance(filter_, EnumFilter):
        values = [value for value, _label in filter_.extra["choices"]]
        return {"type": "array", "items": {"type": "string", "enum": values}}, {"style": "form", "explode": True}
    if isinstance(filter_, ChoiceListFilter):
        return {"type": "string", "enum": [value for value, _label in filter_.extra["choices"]]}, {}
    if isinstance(filter_, IntegerFilter):
        bounds = {key: filter_.extra[name] for key, name in (("minimum", "min_value"), ("maximum", "max_value"))
                  if filter_.extra.get(name) is not None}
        return {"type": "integer", **bounds}, {}
    if isinstance(filter_, (django_filters.DateFilter, AsOfFilter)):
        return {"type": "string", "format": "date"}, {}
    if isinstance(filter_, BboxFilter):
        schema, _description = _bbox_schema(filter_)
        return schema, {}
    if isinstance(filter_, AreaFilter):
        return {"type": "string", "pattern": "^[-a-zA-Z0-9_]{1,200}$"}, {}
    if isinstance(filter_, OfficialListFilter):  # an official list's id (unknown ones are a 400)
        return {"type": "integer", "minimum": 1, "maximum": 999_999_999_999_999_999}, {}
    if isinstance(filter_, django_filters.CharFilter):
        return {**TEXT, **({"maxLength": filter_.extra["max_length"]} if filter_.extra.get("max_length") else {})}, {}
    raise TypeError(f"No OpenAPI description for the filter {type(filter_).__name__}; add one here.")


def filter_parameters(filterset_class, *, required: frozenset[str] = frozenset()) -> list[OpenApiParameter]:
    """A FilterSet's filters as OpenAPI query parameters, each with its type, values and bounds;
    those named in ``required`` are stated as required (an endpoint that refuses to answer without them)."""
    parameters = []
    for name, filter_ in filterset_class.base_filters.items():
        schema, extra = filter_schema(filter_)
        description = str(filter_.extra.get("help_text", ""))
        if isinstance(filter_, BboxFilter):
            description = _bbox_schema(filter_)[1]
        elif isinstance(filter_, AreaFilter):
            description += " An id or slug that names no area answers 404."
        parameters.append(OpenApiParameter(name, schema, description=description, required=name in required, **extra))
    return parameters
