from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.cache import cache_control
from django.views.i18n import JavaScriptCatalog

from cameramap.datasets.feeds import ReleasesFeed
from cameramap.web import pwa
from cameramap.web.feeds import AreaVerifiedCamerasFeed, VerifiedCamerasFeed
from cameramap.web.media import media_serve

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # At the root, so that it may control the capture page (a worker controls only pages under
    # the folder its script is served from); registered with the scope /submit/.
    path("sw.js", pwa.service_worker, name="service-worker"),
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

if settings.DEBUG or settings.SERVE_MEDIA:
    # The embedded default serves processed photos itself; production leaves this to the
    # reverse proxy or object storage. Originals live outside MEDIA_ROOT and are never served;
    # only photo types are served as themselves (cameramap/web/media.py).
    urlpatterns += [path("media/<path:path>", media_serve)]
