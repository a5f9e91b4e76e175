"""The /data/ page and its download form."""

from django.urls import path

from . import share, views

app_name = "datasets"
urlpatterns = [
    path("", views.data_page, name="data"),
    path("download/", views.data_download, name="data-download"),
    path("areas/<slug:slug>.png", share.district_image, name="area-image"),
]
