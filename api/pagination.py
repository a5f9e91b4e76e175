"""The one paginator of the API: every list (cameras, releases, moderation reports, a camera's
history) pages by ``limit`` and ``offset`` through ``LimitOffsetPagination`` below, so every
list takes the same values and refuses the same ones, and the OpenAPI document states them.

Stricter than DRF's own, which silently fell back to its default on a value it could not read and
passed any ``limit`` to the database (a 35-digit one overflowed its integers: a 500):

* ``limit``: a whole number from 1; larger than ``API_MAX_PAGE_SIZE`` is capped to it, however
  many digits it has; default ``API_PAGE_SIZE``;
* ``offset``: a whole number from 0 to ``MAX_OFFSET``; default 0;
* anything else (not a whole number, below the minimum, above the offset's maximum) answers 400
  naming the parameter. Empty is the same as leaving it out; given twice, the last one counts.

The camera list wraps its page in a GeoJSON FeatureCollection (``GeoJsonLimitOffsetPagination``);
it reads and checks ``limit`` and ``offset`` exactly as here.
"""

import json
import re

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

MAX_OFFSET = 10_000_000
WHOLE = re.compile(r"[+-]?[0-9]+")


def whole_number(raw: str) -> int | float:
    """A whole number as written in a query string; ±infinity past what any bound here needs (so
    a 5,000-digit number is compared, not converted: Python refuses to convert one that long)."""
    digits = raw.lstrip("+-").lstrip("0")
    if len(digits) > 18:
        return float("-inf") if raw.startswith("-") else float("inf")
    return int(raw)


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    default_limit = settings.API_PAGE_SIZE
    max_limit = settings.API_MAX_PAGE_SIZE
    max_offset = MAX_OFFSET

    def _whole(self, request, name: str, *, default: int, minimum: int, maximum: int, cap: bool = False) -> int:
        raw = request.query_params.get(name, "")
        if raw == "":
            return default
        if not WHOLE.fullmatch(raw):
            raise ValidationError({name: [_("A whole number is required.")]})
        value = whole_number(raw)
        if value < minimum:
            raise ValidationError({name: [_("Must be at least %(min)d.") % {"min": minimum}]})
        if value > maximum:
            if cap:
                return maximum
            raise ValidationError({name: [_("Must be at most %(max)d.") % {"max": maximum}]})
        return int(value)

    def get_limit(self, request):
        return self._whole(request, self.limit_query_param, default=self.default_limit, minimum=1,
                           maximum=self.max_limit, cap=True)

    def get_offset(self, request):
        return self._whole(request, self.offset_query_param, default=0, minimum=0, maximum=self.max_offset)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.limit_query_param, "in": "query", "required": False, "allowEmptyValue": True,
                "description": f"Results per page: default {self.default_limit}; more than {self.max_limit} "
                               f"is taken as {self.max_limit}.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.offset_query_param, "in": "query", "required": False, "allowEmptyValue": True,
                "description": "How many results to skip (default 0).",
                "schema": {"type": "integer", "minimum": 0, "maximum": self.max_offset},
            },
        ]

    def get_paginated_response_schema(self, schema):
        base = super().get_paginated_response_schema(schema)
        base["required"] = ["count", "next", "previous", "results"]
        return base


class GeoJsonLimitOffsetPagination(LimitOffsetPagination):
    """The same pages as a GeoJSON FeatureCollection: ``count``, ``next`` and ``previous`` beside
    ``features`` (foreign members, allowed by RFC 7946)."""

    def get_paginated_response(self, features):
        return Response(
            {
                "type": "FeatureCollection",
                "count": self.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "features": features,
            }
        )

    def get_paginated_text_response(self, feature_texts: list[str]) -> HttpResponse:
        """The same FeatureCollection from features that are already JSON text."""
        head = json.dumps({"type": "FeatureCollection", "count": self.count, "next": self.get_next_link(),
                           "previous": self.get_previous_link()})
        body = f'{head[:-1]}, "features": [{", ".join(feature_texts)}]}}'
        return HttpResponse(body, content_type="application/json")

    def get_paginated_response_schema(self, schema):
        base = pagination.LimitOffsetPagination.get_paginated_response_schema(self, schema)
        properties = base["properties"]
        features = properties.pop("results")
        ref = features.get("$ref", "")
        if ref.endswith("List"):  # drf-gis names the FeatureCollection of "X" "XList"
            features = {"type": "array", "items": {"$ref": ref[: -len("List")]}}
        base["properties"] = {"type": {"type": "string", "enum": ["FeatureCollection"]}, **properties,
                              "features": features}
        base["required"] = ["type", "count", "next", "previous", "features"]
        return base
