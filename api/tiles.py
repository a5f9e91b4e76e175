"""``/api/v1/tiles/{z}/{x}/{y}.mvt``: vector tiles of published cameras (see cameras/tiles.py).

HTTP caching: ``Cache-Control: public, max-age=TILE_MAX_AGE`` and a strong ``ETag`` (a hash of
the bytes); ``If-None-Match`` answers 304. The server also keeps each tile in Django's cache for
``TILE_CACHE_SECONDS`` under a key that includes the data version (the newest camera change),
so an edit shows in new tiles at once; a deletion shows within TILE_CACHE_SECONDS.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.http import parse_etags, quote_etag
from django.utils.translation import gettext as _
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView

from cameramap.cameras import tile_cells
from cameramap.cameras.selectors import cameras_published, cameras_version
from cameramap.cameras.tiles import ZOOM_MAX, Tile, camera_tile, tile_valid
from cameramap.timeline import tile_cells as as_of_cells
from cameramap.official.versions import matches_version

from .filters import CameraCountFilter, filter_parameters

MVT = "application/vnd.mapbox-vector-tile"
XY_MAX = 2**ZOOM_MAX - 1  # the largest column or row of any zoom
FILTER_PARAMETERS = filter_parameters(CameraCountFilter)


def tile_checked(z: str, x: str, y: str) -> tuple[int, int, int]:
    """The tile's numbers from the path, or 400 (out of bounds) / 404 (not at this zoom)."""
    z, x, y = int(z), int(x), int(y)
    errors = {}
    for name, value, maximum in (("z", z, ZOOM_MAX), ("x", x, XY_MAX), ("y", y, XY_MAX)):
        if value < 0:
            errors[name] = [_("Must be at least %(min)d.") % {"min": 0}]
        elif value > maximum:
            errors[name] = [_("Must be at most %(max)d.") % {"max": maximum}]
    if errors:
        raise ValidationError(errors)
    if not tile_valid(z, x, y):
        raise NotFound(_("There is no such tile: at zoom %(z)d, x and y go from 0 to %(max)d.")
                       % {"z": z, "max": 2**z - 1})
    return z, x, y


def tile_response(request, data: bytes, etag: str) -> HttpResponse:
    """The tile, or 304 when the client's copy has this ETag; cacheable for TILE_MAX_AGE."""
    if etag in parse_etags(request.headers.get("If-None-Match", "")) or request.headers.get("If-None-Match") == "*":
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(data, content_type=MVT)
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={settings.TILE_MAX_AGE}"
    return response


class CameraTileView(GenericAPIView):
    queryset = cameras_published()
    filterset_class = CameraCountFilter
    pagination_class = None

    @extend_schema(
        operation_id="tiles_retrieve",
        summary="Vector tile (MVT) of published cameras",
        description="Layer `cameras`, extent 4096. Below zoom TILE_CLUSTER_MAX_ZOOM, points are groups with "
                    "`count` and `verified_count` (a group of one also has the camera's `id`, type properties and "
                    "`verified`); from it on, every camera is a point with `id`, types, `status`, `verified` and "
                    "`directions`. Takes the list's filters.",
        parameters=[
            OpenApiParameter("z", {"type": "integer", "minimum": 0, "maximum": ZOOM_MAX}, OpenApiParameter.PATH,
                             description=f"Zoom, 0..{ZOOM_MAX}."),
            OpenApiParameter("x", {"type": "integer", "minimum": 0, "maximum": XY_MAX}, OpenApiParameter.PATH,
                             description="Column, 0..2^z-1 (a larger one, up to the maximum, is a tile that does "
                                         "not exist at that zoom: 404)."),
            OpenApiParameter("y", {"type": "integer", "minimum": 0, "maximum": XY_MAX}, OpenApiParameter.PATH,
                             description="Row from the north, 0..2^z-1 (as for x)."),
            *FILTER_PARAMETERS,
        ],
        responses={(200, MVT): OpenApiTypes.BINARY, 304: OpenApiResponse(description="Not modified (ETag)."),
                   400: OpenApiResponse(description="z, x or y out of bounds, or a bad filter."),
                   404: OpenApiResponse(description="No such tile at this zoom (x or y from 2^z on), or "
                                                           "the `area` filter names no area.")},
    )
    def get(self, request, z: str, x: str, y: str):
        z, x, y = tile_checked(z, x, y)
        filterset = self.filterset_class(request.query_params, queryset=self.get_queryset(), request=request)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        queryset = filterset.qs
        tile = Tile(z, x, y)
        query = sorted((k, tuple(sorted(request.query_params.getlist(k)))) for k in request.query_params)
        version = cameras_version()
        if {"declared", "official_list"} & set(request.query_params):
            version = (*version, matches_version())  # pairs change without any camera changing
        key = "tile:" + hashlib.sha256(repr((version, z, x, y, query)).encode()).hexdigest()
        cached = cache.get(key)
        if cached is None:
            data = self.tile_data(tile, queryset, filterset, version)
            cached = (data, quote_etag(hashlib.sha256(data).hexdigest()[:32]))
            cache.set(key, cached, settings.TILE_CACHE_SECONDS)
        return tile_response(request, *cached)

    @staticmethod
    def tile_data(tile: Tile, queryset, filterset, version) -> bytes:
        """The tile's bytes: far tiles from the pre-grouped cells when those can answer the
        request's filters (tile_cells.FILTERS only, and ``as_of``), else grouped live. The filters
        are read from the validated form, so that repeated and comma-separated values count alike."""
        used = {name: value for name, value in filterset.form.cleaned_data.items() if value not in (None, "", [])}
        day = used.pop("as_of", None)
        cell_filters = used if set(used) <= set(tile_cells.FILTERS) else None
        if day is None:
            return camera_tile(tile, queryset, cell_filters=cell_filters, version=version)
        data = as_of_cells.tile_as_of(tile, day, cell_filters) if cell_filters is not None else None
        return data if data is not None else camera_tile(tile, queryset)
