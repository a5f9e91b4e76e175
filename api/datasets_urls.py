"""URLs of the dataset, dossier, area (with their street exposure), field-of-view and official-list endpoints
(included by api/urls.py)."""

from django.urls import path

from . import areas, datasets, dossiers, exposure, official

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
    path("areas/exposure/", exposure.AreasExposure.as_view(), name="areas-exposure"),
    path("areas/<id:pk>/", areas.AreaDetail.as_view(), name="areas-detail"),
    path("areas/<id:pk>/stats/", areas.AreaStats.as_view(), name="areas-area-stats"),
    path("areas/<id:pk>/exposure/", exposure.AreaExposure.as_view(), name="areas-area-exposure"),
    path("fields-of-view/", exposure.FieldOfViewList.as_view(), name="fields-of-view"),
    path("official-lists/", official.OfficialListList.as_view(), name="official-lists"),
    path("official-lists/<id:pk>/", official.OfficialListDetail.as_view(), name="official-list"),
    path("official-lists/<id:pk>/entries/", official.OfficialListEntries.as_view(), name="official-list-entries"),
    path("official-lists/<id:pk>/comparison.<str:fmt>", official.OfficialListComparison.as_view(), name="official-list-comparison"),
]
