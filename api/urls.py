from django.http import JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView

from . import auth, cameras, docs, mapping_events, moderation, reports, routes, street_tiles, tiles

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.ApiDocsView.as_view(url_name="schema"), name="docs"),
    path("cameras/", cameras.CameraListView.as_view(), name="api-camera-list"),
    path("cameras/count/", cameras.CameraCountView.as_view(), name="api-camera-count"),
    path("cameras/<id:camera_id>/", cameras.CameraDetailView.as_view(), name="api-camera-detail"),
    # Signed numbers are matched so that coordinates out of bounds answer 400 naming them.
    re_path(r"^tiles/streets/(?P<z>-?[0-9]{1,9})/(?P<x>-?[0-9]{1,9})/(?P<y>-?[0-9]{1,9})\.mvt$",
            street_tiles.StreetTileView.as_view(), name="tiles-streets"),
    re_path(r"^tiles/(?P<z>-?[0-9]{1,9})/(?P<x>-?[0-9]{1,9})/(?P<y>-?[0-9]{1,9})\.mvt$", tiles.CameraTileView.as_view(),
            name="api-tile"),
    path("routes/", routes.RouteView.as_view(), name="api-routes"),
    path("reports/", reports.ReportCreateView.as_view(), name="api-report-create"),
    path("reports/<id:pk>/", reports.ReportStatusView.as_view(), name="api-report-detail"),
    path("auth/token/", auth.TokenObtainView.as_view(), name="api-auth-token"),
    path("mapping-events/check", mapping_events.EventCodeCheckView.as_view(), name="api-mapping-event-check"),
    path("", include("api.datasets_urls")),  # datasets, areas and statistics
    path("", include("api.coverage_urls")),  # where volunteers have looked
    # Moderation (moderators only). Actions answer with or without a trailing slash.
    path("moderation/reports/", moderation.ReportListView.as_view(), name="moderation-reports"),
    path("moderation/reports/<id:pk>/", moderation.ReportDetailView.as_view(), name="moderation-report"),
    re_path(r"^moderation/reports/(?P<pk>[0-9]{1,18})/approve/?$", moderation.ReportApproveView.as_view(), name="moderation-report-approve"),
    re_path(r"^moderation/reports/(?P<pk>[0-9]{1,18})/reject/?$", moderation.ReportRejectView.as_view(), name="moderation-report-reject"),
    re_path(r"^moderation/reports/(?P<pk>[0-9]{1,18})/merge/?$", moderation.ReportMergeView.as_view(), name="moderation-report-merge"),
    re_path(r"^moderation/reports/(?P<pk>[0-9]{1,18})/lock/?$", moderation.ReportLockView.as_view(), name="moderation-report-lock"),
    re_path(r"^moderation/cameras/(?P<pk>[0-9]{1,18})/merge/?$", moderation.CameraMergeView.as_view(), name="moderation-camera-merge"),
    re_path(r"^moderation/cameras/(?P<pk>[0-9]{1,18})/split/?$", moderation.CameraSplitView.as_view(), name="moderation-camera-split"),
    re_path(r"^moderation/photos/(?P<pk>[0-9]{1,18})/blur/?$", moderation.PhotoBlurView.as_view(), name="moderation-photo-blur"),
    path("moderation/cameras/<id:pk>/history/", moderation.CameraHistoryView.as_view(), name="moderation-camera-history"),
]


@csrf_exempt  # it changes nothing; without this a POST here was refused by Django's CSRF page (HTML)
def api_not_found(request, rest=""):
    """Anything else under /api/v1/ is a JSON 404, never Django's HTML page, whatever the method."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


# Any character, a line break too ("." would leave a path with one to Django's HTML 404 page).
urlpatterns.append(re_path(r"^(?P<rest>[\s\S]*)$", api_not_found))
