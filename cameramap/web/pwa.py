"""The capture page as an installable web app that works without signal: its manifest and its
service worker.

The worker is served by Django (not from /static/) for two reasons. A service worker controls
only pages under the folder its script is served from, and /submit/ is not under /static/; and
the worker must know which files the capture page loads, at their real URLs (django-leaflet picks
``leaflet-src.js`` or ``leaflet.js`` by a setting, and a hashed static storage would rename
everything). So the view renders the very templates the page includes for its styles and scripts,
reads the URLs out of them, and hands the worker that list with a version: a hash of the files'
contents. When any of those files changes, the worker's bytes change, the browser installs the new
worker, and it fetches every file afresh — the page can never run new HTML with an old script."""

import hashlib
import json
import re
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# The capture page's own assets are rendered from these two templates, by the page and here.
ASSET_TEMPLATES = ("web/submit_styles.html", "web/submit_scripts.html")
# Files the page needs but does not name in a tag: site.css, site.js and the site's icons (base.html), the
# images Leaflet's CSS and the pin use, the app's icons.
EXTRA_STATIC = (
    "cameramap/site.css",
    "cameramap/site.js",
    "cameramap/icons/favicon.ico",
    "cameramap/icons/icon.svg",
    "leaflet/images/marker-icon.png",
    "leaflet/images/marker-icon-2x.png",
    "leaflet/images/marker-shadow.png",
    "leaflet/images/layers.png",
    "leaflet/images/layers-2x.png",
)
ICONS = (
    {"file": "cameramap/icons/icon-192.png", "sizes": "192x192", "purpose": "any"},
    {"file": "cameramap/icons/icon-512.png", "sizes": "512x512", "purpose": "any"},
    {"file": "cameramap/icons/icon-maskable-512.png", "sizes": "512x512", "purpose": "maskable"},
)
APPLE_TOUCH_ICON = "cameramap/icons/apple-touch-icon.png"
THEME_COLOR = "#b3261e"  # --accent in site.css
BACKGROUND_COLOR = "#ffffff"
_URL_ATTRIBUTE = re.compile(r'<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"')


def capture_scope() -> str:
    """The pages the worker controls: the capture page (and only it)."""
    return reverse("web:submit")


def _asset_urls() -> list[str]:
    urls = []
    for template in ASSET_TEMPLATES:
        urls += _URL_ATTRIBUTE.findall(render_to_string(template))
    urls += [static(path) for path in EXTRA_STATIC]
    urls += [static(icon["file"]) for icon in ICONS] + [static(APPLE_TOUCH_ICON)]
    return list(dict.fromkeys(urls))  # Cache.addAll refuses a list with the same URL twice


def _static_bytes(url: str) -> bytes:
    """The content of a static file named by its URL; empty for a URL that is not one."""
    if not url.startswith(settings.STATIC_URL):
        return b""
    path = url[len(settings.STATIC_URL):].split("?")[0]
    found = finders.find(path)
    if found:
        with open(found, "rb") as file:
            return file.read()
    if staticfiles_storage.exists(path):
        with staticfiles_storage.open(path) as file:
            return file.read()
    return b""


def _worker_config() -> dict:
    pages = [capture_scope(), reverse("javascript-catalog"), reverse("web:manifest")]
    assets = [url for url in _asset_urls() if url not in pages]
    digest = hashlib.sha256()
    for url in pages + assets:
        digest.update(url.encode() + b"\0" + _static_bytes(url) + b"\0")
    return {
        "version": digest.hexdigest()[:16],
        "page": capture_scope(),
        # Fetched from the network first (they depend on the language and the session), the
        # cached copy used when there is no network; everything else cached first.
        "pages": pages,
        "assets": assets,
        "staticUrl": settings.STATIC_URL,
    }


@lru_cache(maxsize=1)
def _worker_config_cached() -> str:
    return json.dumps(_worker_config())


def service_worker(request):
    """GET /sw.js: the worker script. Never cached by HTTP caches, so a new version is seen at the
    next visit; the page registers it with the scope of the capture page only."""
    # In development the static files change under a running server; in production they do not.
    config = json.dumps(_worker_config()) if settings.DEBUG else _worker_config_cached()
    body = render_to_string("web/sw.js", {"config": config})
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    patch_cache_control(response, no_cache=True, max_age=0)
    # The script lives at the root, so by default it could be registered for the whole site;
    # this header narrows what it may ever control to the capture page (a registration for any
    # wider scope is refused by the browser).
    response["Service-Worker-Allowed"] = capture_scope()
    return response


def manifest(request):
    """GET /manifest.webmanifest: the web app manifest of the capture page."""
    scope = capture_scope()
    data = {
        "id": scope,
        "name": _("%(site)s: add a camera") % {"site": settings.SITE_NAME},
        "short_name": settings.SITE_NAME,
        "description": _("Photograph a surveillance camera and put it on the map, even without signal."),
        "lang": get_language(),
        "start_url": scope,
        "scope": scope,
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            {"src": static(icon["file"]), "sizes": icon["sizes"], "type": "image/png", "purpose": icon["purpose"]}
            for icon in ICONS
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    patch_cache_control(response, public=True, max_age=3600)
    return response
