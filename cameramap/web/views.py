"""The public pages: the map at ``/`` and one camera at ``/cameras/{id}/``. Both are rendered
by the server with everything a person needs to read; the map's data comes from the API."""

import hashlib
from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from cameramap.cameras import vocabulary as v
from cameramap.cameras.areas import districts
from cameramap.cameras.selectors import camera_counts, camera_photos, camera_resolve, cameras_version
from cameramap.converters import url_template
from cameramap.official.figures import camera_declarations, camera_lists_covering
from cameramap.timeline.selectors import as_of_bounds, as_of_parse, cameras_as_of

from .map_tiles import pmtiles_source
from .official_map import official_map

# Field-of-view wedges the map draws when a camera's angle is not known, by camera type.
CONE_ANGLES = {"fixed": 60, "panning": 120, "": 60, "ALPR": 30}


def _labels(enum) -> dict[str, str]:
    return {value: str(label) for value, label in enum.choices}


def _area_bounds(slug: str | None) -> list | None:
    """[[south, west], [north, east]] of the district ``?area=`` names, for the map to start on."""
    area = districts().filter(slug=slug).only("boundary").first() if slug else None
    if area is None:
        return None
    west, south, east, north = area.boundary.extent
    return [[south, west], [north, east]]


def _map_config(request) -> dict:
    """Everything map.js and camera.js need, handed over in a json_script (no inline code)."""
    return {
        "areaBounds": _area_bounds(request.GET.get("area")),
        "tileUrl": settings.TILE_URL,
        "attribution": settings.TILE_ATTRIBUTION,
        "center": list(settings.LEAFLET_CONFIG["DEFAULT_CENTER"]),
        "zoom": settings.LEAFLET_CONFIG["DEFAULT_ZOOM"],
        "detailZoom": settings.MAP_DETAIL_ZOOM,
        "coneZoom": settings.MAP_CONE_ZOOM,
        "streetsZoom": settings.STREETS_TILE_MIN_ZOOM,
        "maxFeatures": settings.API_MAX_PAGE_SIZE,
        "timeline": as_of_bounds(),  # the days the map can be shown as of (map-timeline.js)
        "coneAngles": CONE_ANGLES,
        "pmtiles": pmtiles_source(),  # None: live tiles (MAP_TILES, web/map_tiles.py)
        "urls": {
            "cameras": reverse("api-camera-list"),
            "count": reverse("api-camera-count"),
            "tiles": url_template("api-tile", z="z", x="x", y="y"),
            "areas": reverse("areas-list"),
            "cameraPage": url_template("web:camera", camera_id="id"),
            "cameraApi": url_template("api-camera-detail", camera_id="id"),
            "fieldsOfView": reverse("fields-of-view"),
            "summary": reverse("web:map_summary"),
            "streetTiles": url_template("tiles-streets", z="z", x="x", y="y"),
        },
        "labels": {
            "surveillance_type": _labels(v.SurveillanceType),
            "camera_type": _labels(v.CameraType),
            "operator_type": _labels(v.OperatorType),
            "facial_recognition": _labels(v.FacialRecognition),
            "status": _labels(v.CameraStatus),
            "sign_present": _labels(v.SignPresent),
        },
    }


def embed_config(request) -> dict:
    """What map-embed.js needs to write the iframe code of /embed/ (absolute: it is pasted elsewhere)."""
    return {"url": request.build_absolute_uri(reverse("web:embed")), "width": settings.EMBED_WIDTH,
            "height": settings.EMBED_HEIGHT, "title": _("Map of surveillance cameras")}


def _grouped(number: int) -> str:
    return number_format(number, force_grouping=True)


def counts_summary(counts: dict[str, int]) -> str:
    """The map's headline, which says what it counts: "1,757 cameras: 3 verified by volunteers,
    1,754 imported from OpenStreetMap" (numbers in the language's format; each outside source
    named that has cameras)."""
    parts = [ngettext("%(count)s verified by volunteers", "%(count)s verified by volunteers", counts["verified"])
             % {"count": _grouped(counts["verified"])}]
    imported = (
        ("osm", lambda n: ngettext("%(count)s imported from OpenStreetMap", "%(count)s imported from OpenStreetMap", n)),
        ("official", lambda n: ngettext("%(count)s imported from official lists", "%(count)s imported from official lists", n)),
        ("crowd", lambda n: ngettext("%(count)s entered by the site's staff, not yet seen by volunteers",
                                     "%(count)s entered by the site's staff, not yet seen by volunteers", n)),
    )
    for source, text in imported:
        if number := counts[f"imported_{source}"]:
            parts.append(text(number) % {"count": _grouped(number)})
    total = ngettext("%(count)s camera", "%(count)s cameras", counts["cameras"]) % {"count": _grouped(counts["cameras"])}
    # Translators: the map's headline: "1,757 cameras: 3 verified by volunteers, 1,754 imported from OpenStreetMap"
    return _("%(total)s: %(parts)s") % {"total": total, "parts": _(", ").join(parts)}


def map_filters() -> list[tuple]:
    """The filters' checkboxes (web/_map_filters.html), on the map and in the embed."""
    return [
        ("surveillance_type", _("Type"), v.SurveillanceType.choices),
        ("operator_type", _("Operator"), v.OperatorType.choices),
        ("facial_recognition", _("Facial recognition"), v.FacialRecognition.choices),
        ("status", _("Status"), v.CameraStatus.choices),
    ]


def map_summary_of(day: date | None) -> str:
    """The map's headline for today (None) or as of a day: "As of 5 September 2026: 1,327 cameras: …"."""
    if day is None:
        return counts_summary(camera_counts())
    # The past moves only when cameras do; the version hashed, so the key holds no spaces.
    key = "web:counts-as-of:" + hashlib.sha256(repr((day, cameras_version())).encode()).hexdigest()
    counts = cache.get(key)
    if counts is None:
        counts = camera_counts(cameras_as_of(day))
        cache.set(key, counts, settings.STATISTICS_CACHE_S)
    summary = counts_summary(counts)
    # Translators: the map's headline as of a past day: "As of 5 September 2026: 1,327 cameras: …"
    return _("As of %(day)s: %(summary)s") % {"day": date_format(day, "DATE_FORMAT"), "summary": summary}


def _as_of_or_none(request) -> date | None:
    try:
        return as_of_parse(request.GET.get("as_of"))
    except ValidationError:
        return None  # the map says why under the date (the API refuses it); the headline is today's


@require_GET
def map_summary(request):
    """``GET /map/summary?as_of=YYYY-MM-DD``: the headline as JSON, for the timeline to redraw it
    (map-timeline.js); a bad day is a 400 that says why."""
    try:
        day = as_of_parse(request.GET.get("as_of"))
    except ValidationError as error:
        return JsonResponse({"as_of": error.messages}, status=400)
    return JsonResponse({"summary": map_summary_of(day)})


def map_page(request):
    legend_operators = [(value, label) for value, label in v.OperatorType.choices]
    legend_types = [(value, label) for value, label in v.SurveillanceType.choices]
    return render(request, "web/map.html", {
        "summary": map_summary_of(_as_of_or_none(request)),
        "map_config": {**_map_config(request), "embed": embed_config(request)},
        "filters": map_filters(),
        "legend_operators": legend_operators,
        "legend_types": legend_types,
        "official_map": official_map(),
        "oembed_url": request.build_absolute_uri(reverse("web:oembed")) + "?"
        + urlencode({"url": request.build_absolute_uri(), "format": "json"}),
    })


def _camera_image(request, camera, photos) -> str | None:
    """The share card's picture: the camera's first photo, else the drawing of its district."""
    if photos:
        return request.build_absolute_uri(photos[0].image.url)
    if camera.area_id and not camera.area.is_service_area:
        return request.build_absolute_uri(reverse("datasets:area-image", args=[camera.area.slug]))
    return None


def camera_page(request, camera_id: int):
    camera, moved = camera_resolve(camera_id)
    if camera is None:
        raise Http404(_("No such camera."))
    if moved:
        return redirect("web:camera", camera.id, permanent=True)
    photos = list(camera_photos(camera))
    config = _map_config(request)
    config["camera"] = {
        "id": camera.id, "lon": camera.location.x, "lat": camera.location.y, "directions": camera.directions,
        "surveillance_type": camera.surveillance_type, "camera_type": camera.camera_type,
        "operator_type": camera.operator_type, "verified": camera.verified_on is not None,
    }
    def submit(kind: str) -> str:  # the capture page, opened on this camera with the kind of report
        return f"{reverse('web:submit')}?{urlencode({'camera': camera.id, 'kind': kind})}"

    declarations = camera_declarations(camera)
    declaring = {entry.official_list_id for entry in declarations}
    return render(request, "web/camera.html", {
        "camera": camera,
        "declarations": declarations,
        "undeclared_by": [ol for ol in camera_lists_covering(camera) if ol.pk not in declaring],
        "photos": photos,
        "map_config": config,
        "actions": [
            ("confirm", _("I saw it too"), submit("confirm")),
            ("gone", _("It's gone"), submit("gone")),
            ("correct", _("Correct it"), submit("correct")),
        ],
        "confirm_url": submit("confirm"),
        "og_image": _camera_image(request, camera, photos),
        "page_url": request.build_absolute_uri(reverse("web:camera", args=[camera.id])),
    })
