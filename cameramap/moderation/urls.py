from django.urls import path

from . import event_views, views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("next/", views.report_next, name="next"),
    path("reports/<id:pk>/", views.report_review, name="report"),
    path("reports/<id:pk>/approve", views.report_approve, name="approve"),
    path("reports/<id:pk>/attach", views.report_attach, name="attach"),
    path("reports/<id:pk>/reject", views.report_reject, name="reject"),
    path("reports/<id:pk>/release", views.report_release, name="release"),
    path("photos/<id:pk>/unblurred.jpg", views.photo_unblurred, name="photo_unblurred"),
    path("cameras/<id:pk>/", views.camera_detail, name="camera"),
    path("cameras/<id:pk>/merge", views.camera_merge, name="camera_merge"),
    path("cameras/<id:pk>/split", views.camera_split, name="camera_split"),
    path("audit/", views.audit, name="audit"),
    path("events/", event_views.mapping_events, name="events"),
    path("events/<id:pk>/end", event_views.mapping_event_end, name="event_end"),
]
