from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import JavaScriptCatalog, set_language

from cameramap.datasets.feeds import ReleasesFeed
from cameramap.web import favicon, pwa
from cameramap.web.feeds import AreaVerifiedCamerasFeed, VerifiedCamerasFeed
from cameramap.web.media import media_serve

urlpatterns = [
    path("admin/", admin.site.urls),
    # The language switcher needs no CSRF token: the worst a forged post can do is change a visitor's
    # display language, and a token in the form on every page would make no page cacheable.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    # At the root, so that it may control the capture page (a worker controls only pages under
    # the folder its script is served from); registered with the scope /submit/.
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("favicon.ico", favicon.favicon, name="favicon"),
    # The pages' scripts translate with gettext()/ngettext(); the catalogue follows the request's
    # language. The ?l= in base.html gives each language its own URL, so browsers may keep it a while.
    path("jsi18n/", cache_control(max_age=3600)(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("api/v1/", include("api.urls")),
    path("moderate/official/", include("cameramap.official.urls")),
    path("moderate/", include("cameramap.moderation.urls")),
    path("data/", include("cameramap.datasets.urls")),
    path("feeds/cameras.atom", VerifiedCamerasFeed(), name="feed-cameras"),
    path("feeds/areas/<slug:slug>.atom", AreaVerifiedCamerasFeed(), name="feed-area"),
    path("feeds/releases.atom", ReleasesFeed(), name="feed-releases"),
    path("", include("cameramap.web.urls")),
]

# Our own error pages: translated, inside the site's header, JSON under /api/ (cameramap/web/errors.py).
handler400 = "cameramap.web.errors.bad_request"
handler403 = "cameramap.web.errors.permission_denied"
handler404 = "cameramap.web.errors.page_not_found"
handler500 = "cameramap.web.errors.server_error"

if settings.DEBUG or settings.SERVE_MEDIA:
    # The embedded default serves processed photos itself; production leaves this to the
    # reverse proxy or object storage. Originals live outside MEDIA_ROOT and are never served;
    # only photo types are served as themselves (cameramap/web/media.py).
    urlpatterns += [path("media/<path:path>", media_serve)]
