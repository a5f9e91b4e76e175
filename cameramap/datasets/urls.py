"""The /data/ page and its download form."""

from django.urls import path

from . import views

app_name = "datasets"
urlpatterns = [
    path("", views.data_page, name="data"),
    path("download/", views.data_download, name="data-download"),
]
