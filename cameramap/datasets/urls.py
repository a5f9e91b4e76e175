"""The /data/ page, its download form and its dossier form."""

from django.urls import path

from . import share, views

app_name = "datasets"
urlpatterns = [
    path("", views.data_page, name="data"),
    path("download/", views.data_download, name="data-download"),
    path("dossiers/", views.dossier_create, name="dossier-create"),
    path("areas/<slug:slug>.png", share.district_image, name="area-image"),
]
