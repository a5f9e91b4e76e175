"""The camera endpoints' filters: the cameras app's one filter language (cameras/filters.py),
extended where an endpoint has its own needs. Every value is checked before it reaches the
database: a bad one answers 400 with the field's name and the reason, never a 500."""

import django_filters
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field

from cameramap.cameras.filters import AreaFilter, BboxFilter, CameraFilter, OfficialListFilter

# Both are text in the query string (a box of four numbers; an area's id or its slug).
for _filter in (BboxFilter, AreaFilter):
    extend_schema_field(OpenApiTypes.STR)(_filter)
# An official list's id: a whole number from 1.
extend_schema_field({"type": "integer", "minimum": 1, "maximum": 10**18})(OfficialListFilter)


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


# The count and the tiles: the base filters as they are (the count takes any box on Earth:
# counting reads no rows out).
CameraCountFilter = CameraFilter


def openapi_parameters(filterset_class) -> list[OpenApiParameter]:
    """A FilterSet's filters as OpenAPI query parameters, for the views that are not lists
    (drf-spectacular reads a filterset by itself only on list views)."""
    types = {django_filters.DateFilter: OpenApiTypes.DATE, django_filters.NumberFilter: OpenApiTypes.INT}
    return [
        OpenApiParameter(name, types.get(type(filter_), OpenApiTypes.STR), description=str(filter_.extra.get("help_text", "")))
        for name, filter_ in filterset_class.base_filters.items()
    ]
