"""URLs of survey coverage (api/coverage.py), included by api/urls.py."""

from django.urls import path

from . import coverage

urlpatterns = [
    path("coverage/surveys/", coverage.SurveyCreateView.as_view(), name="coverage-surveys"),
    path("coverage/streets/", coverage.CoverageStreets.as_view(), name="coverage-streets"),
    path("areas/coverage/", coverage.AreasCoverage.as_view(), name="areas-coverage"),
    path("areas/<id:pk>/coverage/", coverage.AreaCoverage.as_view(), name="areas-area-coverage"),
]
