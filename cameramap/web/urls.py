from django.urls import path

from . import embed, pwa, route, submit, views

app_name = "web"
urlpatterns = [
    path("", views.map_page, name="map"),
    path("map/summary", views.map_summary, name="map_summary"),
    path("embed/", embed.embed_page, name="embed"),
    path("oembed", embed.oembed, name="oembed"),
    path("cameras/<id:camera_id>/", views.camera_page, name="camera"),
    path("submit/", submit.submit_page, name="submit"),
    path("route/", route.route_page, name="route"),
    path("reports/<id:report_id>/", submit.report_receipt, name="report_receipt"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
]
