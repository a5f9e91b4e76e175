"""``as_of=YYYY-MM-DD`` on the endpoints that take no camera filters (one camera, statistics):
the same check and the same wording as the filters' (timeline/selectors.py)."""

from datetime import date

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

from cameramap.timeline.selectors import as_of_parse

AS_OF_PARAMETER = OpenApiParameter(
    "as_of", {"type": "string", "format": "date"},
    description="YYYY-MM-DD: the data as cameramap held it at the end of that day, from the first record to today "
                "(400 for a day outside those). Absent: today's data.",
)


def as_of_query(request) -> date | None:
    """The request's ``as_of`` day, or None; a bad one is a 400 naming ``as_of``."""
    try:
        return as_of_parse(request.query_params.get("as_of"))
    except DjangoValidationError as error:
        raise ValidationError({"as_of": error.messages}) from None
