"""GET /favicon.ico. Browsers, feed readers and link previews ask every site for it at the root,
whatever its pages link to (base.html names the icons under /static/ too, where the capture
page's service worker keeps them)."""

from functools import lru_cache

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

FAVICON = "cameramap/icons/favicon.ico"  # 16, 32 and 48 pixels, from the app icon
MAX_AGE_S = 7 * 24 * 3600


@lru_cache(maxsize=1)
def _icon() -> bytes:
    found = finders.find(FAVICON)  # the source tree; else the collected files
    with open(found, "rb") if found else staticfiles_storage.open(FAVICON) as file:
        return file.read()


@require_safe
def favicon(request):
    response = HttpResponse(_icon(), content_type="image/vnd.microsoft.icon")
    patch_cache_control(response, public=True, max_age=MAX_AGE_S)
    return response
