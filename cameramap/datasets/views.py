"""The /data/ page: releases to download, a filtered live download, statistics per district
with charts, the streets in view per district, and the statistics as CSV."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cameramap.cameras import vocabulary as v
from cameramap.cameras.areas import districts
from cameramap.cameras.selectors import cameras_published
from cameramap.exposure.selectors import exposure_table
from cameramap.exposure.services import fov_model_published

from . import charts
from .datapackage import licence
from .exporters import FORMATS
from .filters import FilterError, cameras_filter
from .models import DatasetRelease, ReleaseStatus

from .statistics import BREAKDOWNS, statistics

RELEASES_SHOWN = 20
LABELS = {
    "surveillance_type": _("Kind"), "operator_type": _("Operator type"), "camera_type": _("Camera type"),
    "facial_recognition": _("Facial recognition"), "sign_present": _("Notice sign"), "status": _("Status"),
    "source": _("Source"),
}
# Filters offered by the form on the page (the API takes more; see the OpenAPI document).
FORM_FILTERS = {
    "surveillance_type": v.SurveillanceType,
    "operator_type": v.OperatorType,
    "facial_recognition": v.FacialRecognition,
    "sign_present": v.SignPresent,
    "status": v.CameraStatus,
    "source": v.Source,
}


def _breakdown_columns() -> list[tuple[str, list[tuple[str, str]]]]:
    return [(name, LABELS[name], [(value or "unknown", label) for value, label in enum.choices])
            for name, enum in BREAKDOWNS.items()]


def _cells(row: dict, columns) -> list[int]:
    return [row[name].get(key, 0) for name, _title, keys in columns for key, _label in keys]


EXPOSURE_SCOPES = ("all", "police_city", "facial_recognition")


def _exposure_row(figures: dict) -> dict | None:
    """A district's exposure for the table: km of walkable street, and per scope the percentage in
    view of all cameras and of the verified ones (None until computed)."""
    if figures["exposure"] is None:
        return None
    cells = [figures["exposure"][scope][kind]["share"] for scope in EXPOSURE_SCOPES for kind in ("all", "verified")]
    return {"street_km": figures["street_m"] / 1000,
            "percents": [None if share is None else share * 100 for share in cells]}


def _model_rows(model: dict) -> list[tuple[str, dict]]:
    labels = {"fixed": _("fixed camera"), "panning": _("panning camera"), "dome": _("dome camera"),
              "ALPR": _("licence plate reader"), "unknown_type": _("camera of unknown type"),
              "no_direction": _("camera facing an unknown direction")}
    return [(labels.get(key, key), entry) for key, entry in model["entries"].items()]


def _exposure(table: dict) -> dict:
    model = fov_model_published()
    rows = [{"name": f["area"]["name"], "id": f["area"]["id"], "figures": _exposure_row(f)} for f in table["areas"]]
    chart = charts.horizontal_bars([(r["name"], round(r["figures"]["percents"][0] or 0, 1)) for r in rows if r["figures"]])
    return {"rows": rows, "city": _exposure_row(table["city"]), "chart": chart, "computed_at": table["city"]["computed_at"],
            "model": model, "model_rows": _model_rows(model)}


def _context(request, *, errors=None) -> dict:
    releases = list(DatasetRelease.objects.order_by("-created_at", "-id")[:RELEASES_SHOWN])
    latest = next((r for r in releases if r.status == ReleaseStatus.READY), None)
    stats = statistics()
    columns = _breakdown_columns()
    table = [{**row, "cells": _cells(row, columns)} for row in stats["areas"]]
    city = {**stats["city"], "cells": _cells(stats["city"], columns)}
    density = charts.horizontal_bars([(row["name"], row["per_km2"] or 0) for row in stats["areas"]])
    months = stats["per_month"][-24:]
    per_month = charts.columns([(m["month"], m["cameras"]) for m in months])
    return {
        "releases": releases,
        "latest": latest,
        "building": next((r for r in releases if r.status == ReleaseStatus.BUILDING), None),
        "formats": FORMATS.values(),
        "statistics": stats,
        "table": table,
        "city": city,
        "breakdown_columns": columns,
        "density_chart": density,
        "month_chart": per_month,
        "areas": districts().order_by("name").only("id", "name", "slug"),
        "form_filters": [(name, LABELS[name], enum.choices) for name, enum in FORM_FILTERS.items()],
        "chosen": request.GET,
        "errors": errors or {},
        "licence": licence(settings.DATASET_LICENCE),
        "exposure": _exposure(exposure_table()),
    }


def data_page(request):
    return render(request, "datasets/data.html", _context(request))


def data_download(request):
    """The form's target: check the filters, then send the browser to the API's download."""
    # Every value of a repeated filter (?operator_type=police&operator_type=city), not just the last.
    params = {key: [value for value in values if value] for key, values in request.GET.lists() if key != "format"}
    params = {key: values for key, values in params.items() if values}
    fmt = request.GET.get("format", "csv")
    errors = {}
    if fmt not in FORMATS:
        errors["format"] = [f"Unknown format; one of: {', '.join(FORMATS)}."]
    try:
        cameras_filter(cameras_published(), {key: ",".join(values) for key, values in params.items()})
    except FilterError as error:
        errors.update(error.errors)
    if errors:
        return render(request, "datasets/data.html", _context(request, errors=errors), status=400)
    url = reverse("datasets-latest-cameras", kwargs={"fmt": fmt})
    return redirect(f"{url}?{urlencode(params, doseq=True)}" if params else url)
