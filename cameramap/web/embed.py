"""The map made to be put in another site's page: ``/embed/`` (the map page's own scripts, without
the site's header, footer and panel) and ``/oembed``, which turns a link to our map into the
``<iframe>`` code for publishing systems (https://oembed.com/).

Only /embed/ may be framed, by the origins in ``settings.EMBED_FRAME_ANCESTORS``; every other
page keeps ``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``."""

from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt

from .official_map import official_map
from .views import _map_config, map_filters

# The query parameters a view of the map is made of (map-state.js writes them); an embed's
# address keeps these and drops anything else.
VIEW_PARAMS = ("verified", "surveillance_type", "operator_type", "facial_recognition", "status", "added_since",
               "area", "z", "lat", "lon", "density", "metric", "official")
# /oembed answers for these pages of ours: the map and the embed itself.
OEMBED_PATHS = ("/", "/embed/")


def view_query(pairs) -> str:
    return urlencode([(name, value) for name, value in pairs if name in VIEW_PARAMS and value])


def iframe_html(src: str, width: int, height: int) -> str:
    return format_html('<iframe src="{}" width="{}" height="{}" style="border:0" loading="lazy" title="{}"></iframe>',
                       src, width, height, _("Map of surveillance cameras"))


@xframe_options_exempt
def embed_page(request):
    response = render(request, "web/embed.html", {
        "map_config": _map_config(request),
        "filters": map_filters(),
        "full_map_url": reverse("web:map"),
        "query": view_query(request.GET.items()),
        "official_map": official_map(),
    })
    # django-csp's per-response override: this page alone may be framed.
    response._csp_replace = {"frame-ancestors": settings.EMBED_FRAME_ANCESTORS}
    return response


def _size(request, name: str, default: int) -> int:
    value = request.GET.get(name)
    if value is None or value == "":
        return default
    if not value.isdigit() or int(value) < 1:
        raise ValueError(name)
    return min(default, int(value))


@cache_control(max_age=3600)
def oembed(request):
    """oEmbed 1.0 for a link to the map: type "rich", the iframe of /embed/ with the same view."""
    if request.GET.get("format", "json") != "json":
        return HttpResponse(_("Only format=json is offered."), status=501, content_type="text/plain; charset=utf-8")
    url = urlsplit(request.GET.get("url", ""))
    if url.netloc != request.get_host() or url.scheme not in ("http", "https") or url.path not in OEMBED_PATHS:
        raise Http404(_("Not a map of this site."))
    try:
        width = _size(request, "maxwidth", settings.EMBED_WIDTH)
        height = _size(request, "maxheight", settings.EMBED_HEIGHT)
    except ValueError as error:
        return JsonResponse({"detail": _("%(name)s must be a positive whole number.") % {"name": error.args[0]}},
                            status=400)
    query = view_query(parse_qsl(url.query))
    src = request.build_absolute_uri(reverse("web:embed")) + (f"?{query}" if query else "")
    return JsonResponse({
        "version": "1.0", "type": "rich", "provider_name": settings.SITE_NAME,
        "provider_url": request.build_absolute_uri("/"), "title": _("Map of surveillance cameras"),
        "html": iframe_html(src, width, height), "width": width, "height": height,
    })
