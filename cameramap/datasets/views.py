"""The /data/ page: releases to download, a filtered live download, statistics per district
with charts, the streets in view per district, and the statistics as CSV. Every figure says what it counts: the cameras verified by
our volunteers (a sighting accepted by a moderator) and those imported from other sources are
counted apart, everywhere."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from cameramap.cameras import vocabulary as v
from cameramap.cameras.areas import districts
from cameramap.cameras.selectors import cameras_published
from cameramap.moderation.selectors import is_moderator
from cameramap.exposure.selectors import exposure_table
from cameramap.exposure.services import fov_model_published

from . import charts
from .datapackage import licence
from .dossiers import DossierError, dossiers_visible
from .tasks import dossier_request
from .exporters import FORMATS
from .filters import FilterError, cameras_filter
from .forms import DossierForm
from .models import DatasetRelease, ReleaseStatus
from .official_section import official_context
from .share import share_card

from .statistics import BREAKDOWNS, statistics

RELEASES_SHOWN = 20
DOSSIERS_SHOWN = 20
LABELS = {
    "surveillance_type": _("Kind"), "operator_type": _("Operator type"), "camera_type": _("Camera type"),
    "facial_recognition": _("Facial recognition"), "sign_present": _("Notice sign"), "status": _("Status"),
    "source": _("Source"),
}
# Where the imported cameras come from, by ``source`` (a crowd camera nobody's accepted sighting
# verified was added by the site's staff).
IMPORTED_FROM = {
    v.Source.OSM: _("from OpenStreetMap"),
    v.Source.OFFICIAL: _("from official lists"),
    v.Source.CROWD: _("added by staff"),
}
VERIFIED_CHOICES = [("true", _("verified by volunteers only")), ("false", _("imported only, not yet verified"))]
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


def _imported_from(row: dict) -> list[tuple[int, str]]:
    """(count, where from) of the imported cameras, for the sources that have any."""
    return [(n, IMPORTED_FROM[source]) for source, n in row["imported_by_source"].items() if n]


def _density(areas: list[dict]) -> dict:
    """Cameras per km² in each district: verified and imported side by side in one bar."""
    bars = []
    for row in areas:
        km2 = row["area_km2"]
        parts = [row["verified"] / km2, row["imported"] / km2] if km2 else [0, 0]
        bars.append((row["name"], row["per_km2"] or 0, parts))
    return charts.stacked_bars(bars, ("verified", "imported"))


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
    # A district without imported streets has no share to draw (the table says "–"), not 0 %.
    chart = charts.horizontal_bars([(r["name"], round(r["figures"]["percents"][0], 1)) for r in rows
                                    if r["figures"] and r["figures"]["percents"][0] is not None])
    return {"rows": rows, "city": _exposure_row(table["city"]), "chart": chart, "computed_at": table["city"]["computed_at"],
            "model": model, "model_rows": _model_rows(model)}


def _context(request, *, errors=None, dossier_form=None) -> dict:
    releases = list(DatasetRelease.objects.order_by("-created_at", "-id")[:RELEASES_SHOWN])
    latest = next((r for r in releases if r.status == ReleaseStatus.READY), None)
    stats = statistics()
    columns = _breakdown_columns()
    table = [{**row, "cells": _cells(row, columns)} for row in stats["areas"]]
    city = {**stats["city"], "cells": _cells(stats["city"], columns), "imported_from": _imported_from(stats["city"])}
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
        "density_chart": _density(stats["areas"]),
        "month_chart": per_month,
        "verified_downloads": [(f.label, reverse("datasets-latest-cameras", kwargs={"fmt": f.name}) + "?verified=true")
                               for f in FORMATS.values()],
        "areas": districts().order_by("name").only("id", "name", "slug"),
        "form_filters": [("verified", _("Verified"), VERIFIED_CHOICES)]
        + [(name, LABELS[name], enum.choices) for name, enum in FORM_FILTERS.items()],
        "chosen": request.GET,
        "errors": errors or {},
        "licence": licence(settings.DATASET_LICENCE),
        "dossiers": dossiers_visible(request.user)[:DOSSIERS_SHOWN],
        "dossier_form": (dossier_form or DossierForm(initial={"language": get_language()})) if is_moderator(request.user) else None,
        "card": share_card(request),
        "exposure": _exposure(exposure_table()),
        **official_context(request),
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


@require_POST
def dossier_create(request):
    """The dossier form's target (moderators): open the dossier, then back to the list."""
    if not is_moderator(request.user):
        raise PermissionDenied
    form = DossierForm(request.POST)
    if form.is_valid():
        try:
            dossier_request(**form.cleaned_data, site_url=request.build_absolute_uri("/"))
        except DossierError as error:
            form.add_error("camera_pages", str(error))
        else:
            return redirect(reverse("datasets:data") + "#dossiers")
    return render(request, "datasets/data.html", _context(request, dossier_form=form), status=400)
