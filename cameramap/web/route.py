"""``/route/``: the least-watched walk, for a phone. The page only draws what the API answers
(GET /api/v1/routes/); the points chosen stay in the page and go to the server only as that one
request (docs/routes.md, docs/privacy.md)."""

from django.conf import settings
from django.contrib.gis.db.models import Extent
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from cameramap.routes.models import RouteEdge


def _streets_bounds() -> list | None:
    """[[south, west], [north, east]] of the walking graph, for the map's first view."""
    extent = RouteEdge.objects.aggregate(extent=Extent("geometry"))["extent"]
    if extent is None:
        return None
    west, south, east, north = extent
    return [[south, west], [north, east]]


@require_safe  # a page to read: GET and HEAD only
def route_page(request):
    config = {
        "tileUrl": settings.TILE_URL,
        "attribution": settings.TILE_ATTRIBUTION,
        "center": list(settings.LEAFLET_CONFIG["DEFAULT_CENTER"]),
        "zoom": settings.LEAFLET_CONFIG["DEFAULT_ZOOM"],
        "bounds": _streets_bounds(),
        "detourLimit": settings.ROUTE_DETOUR_LIMIT,
        "urls": {"routes": reverse("api-routes")},
    }
    return render(request, "web/route.html", {"route_config": config, "detour_limit": settings.ROUTE_DETOUR_LIMIT})
