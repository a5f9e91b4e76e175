"""URLs of the dataset, dossier, area and official-list endpoints (included by api/urls.py)."""

from django.urls import path

from . import areas, datasets, dossiers, official

urlpatterns = [
    path("datasets/", datasets.DatasetReleaseList.as_view(), name="datasets-list"),
    path("datasets/latest/cameras.<str:fmt>", datasets.LatestCameras.as_view(), name="datasets-latest-cameras"),
    path("datasets/<str:version>/", datasets.DatasetReleaseDetail.as_view(), name="datasets-release"),
    path("datasets/<str:version>/<str:name>", datasets.DatasetFile.as_view(), name="datasets-file"),
    path("dossiers/", dossiers.DossierList.as_view(), name="api-dossier-list"),
    path("dossiers/<id:pk>/", dossiers.DossierDetail.as_view(), name="api-dossier-detail"),
    path("dossiers/<id:pk>/file", dossiers.DossierFile.as_view(), name="api-dossier-file"),
    path("areas/", areas.AreaList.as_view(), name="areas-list"),
    path("areas/stats/", areas.AreasStats.as_view(), name="areas-stats"),
    path("areas/stats.csv", areas.AreasStatsCsv.as_view(), name="areas-stats-csv"),
    path("areas/<id:pk>/", areas.AreaDetail.as_view(), name="areas-detail"),
    path("areas/<id:pk>/stats/", areas.AreaStats.as_view(), name="areas-area-stats"),
    path("official-lists/", official.OfficialListList.as_view(), name="official-lists"),
    path("official-lists/<id:pk>/", official.OfficialListDetail.as_view(), name="official-list"),
    path("official-lists/<id:pk>/entries/", official.OfficialListEntries.as_view(), name="official-list-entries"),
]
