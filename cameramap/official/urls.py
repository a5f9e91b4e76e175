from django.urls import path

from . import views

app_name = "official"
urlpatterns = [
    path("", views.lists, name="lists"),
    path("import/", views.upload, name="upload"),
    path("imports/<id:pk>/", views.job, name="job"),
    path("imports/<id:pk>/status", views.job_status_view, name="job_status"),
    path("lists/<id:pk>/", views.list_detail, name="list"),
    path("entries/<id:pk>/confirm", views.entry_confirm, name="confirm"),
    path("entries/<id:pk>/reject", views.entry_reject, name="reject"),
    path("entries/<id:pk>/place", views.entry_place, name="place"),
]
