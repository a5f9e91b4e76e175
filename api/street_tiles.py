"""``/api/v1/tiles/streets/{z}/{x}/{y}.mvt``: the walkable streets coloured by whether they are in
view (exposure/street_tiles.py), cached and revalidated as the camera tiles are (api/tiles.py):
``Cache-Control: public, max-age=TILE_MAX_AGE``, a strong ``ETag``, 304 on ``If-None-Match``, and
Django's cache keyed by the data version: when the parts in view were last computed (an import of
streets shows once its recomputation has run, as the figures do)."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.utils.http import quote_etag
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.views import APIView

from cameramap.cameras.tiles import ZOOM_MAX, Tile
from cameramap.exposure.models import StreetExposure
from cameramap.exposure.street_tiles import streets_tile

from .tiles import MVT, XY_MAX, tile_checked, tile_response


def streets_version() -> str | None:
    """Changes whenever the parts in view are computed again — after every camera change and
    every import of streets (runs.py) — read from the figures' small table, not the streets'."""
    computed = StreetExposure.objects.aggregate(at=Max("computed_at"))["at"]
    return computed and computed.isoformat()


class StreetTileView(APIView):
    @extend_schema(
        operation_id="tiles_streets_retrieve",
        summary="Vector tile (MVT) of the streets, in view or not",
        description="Layer `streets`, extent 4096: each walkable street segment's parts as lines, with `id` (the "
                    "segment), `in_view` (inside at least one field of view of a published camera, or not) and "
                    "`share` (the segment's length in view over its length). Empty below zoom "
                    "STREETS_TILE_MIN_ZOOM (default 14); a street imported since the last exposure computation is "
                    "absent until the next.",
        parameters=[
            OpenApiParameter("z", {"type": "integer", "minimum": 0, "maximum": ZOOM_MAX}, OpenApiParameter.PATH),
            OpenApiParameter("x", {"type": "integer", "minimum": 0, "maximum": XY_MAX}, OpenApiParameter.PATH),
            OpenApiParameter("y", {"type": "integer", "minimum": 0, "maximum": XY_MAX}, OpenApiParameter.PATH),
        ],
        responses={(200, MVT): OpenApiTypes.BINARY, 304: OpenApiResponse(description="Not modified (ETag)."),
                   400: OpenApiResponse(description="z, x or y out of bounds."),
                   404: OpenApiResponse(description="No such tile at this zoom.")},
    )
    def get(self, request, z: str, x: str, y: str):
        z, x, y = tile_checked(z, x, y)
        key = "streets-tile:" + hashlib.sha256(repr((streets_version(), z, x, y)).encode()).hexdigest()
        cached = cache.get(key)
        if cached is None:
            data = streets_tile(Tile(z, x, y))
            cached = (data, quote_etag(hashlib.sha256(data).hexdigest()[:32]))
            cache.set(key, cached, settings.TILE_CACHE_SECONDS)
        return tile_response(request, *cached)
