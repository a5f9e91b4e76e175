"""Cache-Control and Vary: what a caching proxy (deploy/nginx.conf) or a CDN may keep, and for
how long — decided here, in one place, so that the proxy only obeys.

- What is somebody's — a moderator's page, the admin, a report's receipt, a dossier the API
  shows by who asks, anything asked for with a session, a CSRF cookie or credentials, and any
  answer that sets a cookie — is ``private, no-store``: never kept by a shared cache (unless its
  view said it is public: a tile, the manifest, an icon are the same for everybody).
- What everybody reads alike — tiles, the camera list and pages, districts, releases and their
  files, the map, /data/, feeds — is ``public, max-age, stale-while-revalidate`` when asked for
  anonymously: a news spike is then answered by the cache, and an approved camera shows within
  max-age. Release files under a version never change: a day.
- Anything else keeps what its view said, or nothing (a proxy then keeps nothing).

Tiles and a release's files are the same bytes in every language and for every visitor: their
``Vary`` goes, so a cache keeps one copy of each instead of one per Accept-Language and cookie (the
map reading ``cameras.pmtiles`` by ranges is then answered from one copy of the file).
"""

import re

from django.conf import settings
from django.utils.cache import patch_cache_control

PRIVATE = re.compile(r"^/(moderate|admin|reports|i18n)/|^/api/v1/(reports|moderation|auth|dossiers|mapping-events)/")
RELEASE_FILE = re.compile(r"^/api/v1/datasets/\d{4}\.\d\d\.\d\d(\.\d+)?/[^/]+$")
PUBLIC = re.compile(
    r"^/api/v1/(tiles|cameras|areas|datasets|official-lists)/|^/(|embed/|cameras/\d+/|data/.*|feeds/.*)$"
)
SAME_FOR_EVERYONE = re.compile(r"^/api/v1/tiles/|" + RELEASE_FILE.pattern.removeprefix("^"))
CACHEABLE_STATUS = (200, 203, 204, 301, 302, 304, 404, 410)
RELEASE_FILE_MAX_AGE = 86400
PERSONAL = "private, no-store"


def _personal(request, response) -> bool:
    cookies = request.COOKIES
    return bool(
        cookies.get(settings.SESSION_COOKIE_NAME) or cookies.get(settings.CSRF_COOKIE_NAME)
        or "HTTP_AUTHORIZATION" in request.META or response.cookies
        or getattr(getattr(request, "user", None), "is_authenticated", False)
    )


def _public(request, response) -> bool:
    return request.method in ("GET", "HEAD") and response.status_code in CACHEABLE_STATUS and bool(PUBLIC.match(request.path))


class CacheHeadersMiddleware:
    """Placed above the session, locale and CSRF middleware, so that it sees the cookies they set
    and the Vary they add."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        path = request.path
        if PRIVATE.match(path):
            response["Cache-Control"] = PERSONAL
            return response
        if _personal(request, response):
            if not response.has_header("Cache-Control"):  # a view that says "public" knows it is the same for all
                response["Cache-Control"] = PERSONAL
            return response
        if not _public(request, response):
            return response
        if SAME_FOR_EVERYONE.match(path) and response.has_header("Vary"):
            del response["Vary"]
        if not response.has_header("Cache-Control"):
            max_age = RELEASE_FILE_MAX_AGE if RELEASE_FILE.match(path) and response.status_code == 200 else settings.PUBLIC_MAX_AGE
            patch_cache_control(response, public=True, max_age=max_age)
        if "max-age" in response["Cache-Control"] and "stale-while-revalidate" not in response["Cache-Control"]:
            patch_cache_control(response, stale_while_revalidate=settings.STALE_WHILE_REVALIDATE)
        return response
