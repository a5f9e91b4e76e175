"""Pagination of GeoJSON lists: a FeatureCollection with ``count``, ``next`` and ``previous``
beside ``features`` (foreign members, allowed by RFC 7946), by ``limit`` and ``offset``.

Stricter than DRF's own: a ``limit`` or ``offset`` that is not a whole number answers 400
naming it (DRF would silently fall back to the default), and ``limit`` is capped at
``API_MAX_PAGE_SIZE``.
"""

import json

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response


class GeoJsonLimitOffsetPagination(pagination.LimitOffsetPagination):
    default_limit = settings.API_PAGE_SIZE
    max_limit = settings.API_MAX_PAGE_SIZE
    max_offset = 10_000_000

    def _whole(self, request, name: str, default: int, minimum: int, maximum: int) -> int:
        raw = request.query_params.get(name)
        if raw in (None, ""):
            return default
        try:
            value = int(raw)
        except ValueError:
            raise ValidationError({name: [_("A whole number is required.")]}) from None
        if value < minimum:
            raise ValidationError({name: [_("Must be at least %(min)d.") % {"min": minimum}]})
        if value > maximum:
            raise ValidationError({name: [_("Must be at most %(max)d.") % {"max": maximum}]})
        return value

    def get_limit(self, request):
        raw = request.query_params.get(self.limit_query_param)
        if raw not in (None, "") and raw.isdigit() and int(raw) > self.max_limit:
            return self.max_limit  # capped, as documented
        return self._whole(request, self.limit_query_param, self.default_limit, 1, self.max_limit)

    def get_offset(self, request):
        return self._whole(request, self.offset_query_param, 0, 0, self.max_offset)

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
        base = super().get_paginated_response_schema(schema)
        properties = base["properties"]
        features = properties.pop("results")
        ref = features.get("$ref", "")
        if ref.endswith("List"):  # drf-gis names the FeatureCollection of "X" "XList"
            features = {"type": "array", "items": {"$ref": ref[: -len("List")]}}
        base["properties"] = {"type": {"type": "string", "enum": ["FeatureCollection"]}, **properties,
                              "features": features}
        base["required"] = ["type", "count", "features"]
        return base
