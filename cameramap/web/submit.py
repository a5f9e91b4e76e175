"""The capture page (/submit/) and the receipt page a volunteer keeps to follow a report.

The page is a form for the reports API: it sends multipart to POST /api/v1/reports/ and shows
the API's errors next to their fields, then opens the receipt page the API names."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie

from cameramap.cameras import vocabulary as v
from cameramap.cameras.models import Camera
from cameramap.cameras.services.receipts import report_by_receipt, report_public_camera
from cameramap.moderation.reasons import reject_reason_label
from cameramap.moderation.selectors import report_reject_reason

from . import pwa

CAMERA_KINDS = (v.ReportKind.CONFIRM, v.ReportKind.CORRECT, v.ReportKind.GONE)
HEIGHTS = [("", gettext_lazy("don't know")), ("3", "≈ 3 m"), ("5", "≈ 5 m"), ("8", "≈ 8 m"), ("12", gettext_lazy("12 m or more"))]

# Tap choices, in the order a volunteer answers them on the street; "don't know" comes first
# and is the default wherever the vocabulary has it.
CHOICE_GROUPS = [
    ("surveillance_type", gettext_lazy("What is it?"), v.SurveillanceType.choices),
    ("camera_type", gettext_lazy("Camera type"), v.CameraType.choices),
    ("mount", gettext_lazy("Mounted on"), v.Mount.choices),
    ("operator_type", gettext_lazy("Who runs it?"), v.OperatorType.choices),
    ("facial_recognition", gettext_lazy("Facial recognition"), v.FacialRecognition.choices),
    ("sign_present", gettext_lazy("Is there a sign saying you are filmed?"), v.SignPresent.choices),
    ("height", gettext_lazy("Height above the ground"), HEIGHTS),
]
MORE_CHOICE_GROUPS = [
    ("surveillance", gettext_lazy("What does it watch?"), v.Surveillance.choices),
    ("zone", gettext_lazy("Zone"), v.Zone.choices),
]
MANUFACTURERS = ["Hikvision", "Dahua", "Huawei", "Axis", "Bosch", "Hanwha", "Uniview", "Motorola", "Flock Safety"]


def _camera_for(camera_id: str | None) -> Camera | None:
    if not camera_id or not camera_id.isdigit():
        return None
    camera = Camera.objects.resolve(int(camera_id))
    return camera if camera is not None and camera.published else None


def _height_choice(height: float | None) -> str:
    """The height chip nearest to a camera's recorded height."""
    if height is None:
        return ""
    return min((value for value, _label in HEIGHTS if value), key=lambda value: abs(float(value) - height))


def _groups(groups, initial: dict) -> list[dict]:
    result = []
    for field, label, choices in groups:
        selected = initial.get(field, choices[0][0])
        result.append({"field": field, "label": label, "choices": choices, "selected": "" if selected is None else str(selected)})
    return result


def _submit_texts() -> dict:
    """The page script's messages, translated here like the rest of the page."""
    return {
        "tooMany": _("At most %(max)d photos.") % {"max": settings.PHOTOS_PER_REPORT},
        "tooLarge": _("%(name)s is larger than %(max)s MB.") % {"name": "{name}", "max": f"{settings.PHOTO_MAX_BYTES / 1_048_576:g}"},
        "notImage": _("%(name)s is not a photo.") % {"name": "{name}"},
        "remove": _("Remove"),
        "noPreview": _("no preview"),
        "preparingPreview": _("Preparing a preview…"),
        "photoGps": _("has GPS"),
        "photoNoGps": _("no GPS"),
        "photoFaced": _("phone faced {deg}°"),
        "locating": _("Finding your location…"),
        "deviceLocation": _("Your location, accurate to about {distance}. Drag the pin onto the camera if it is off."),
        "photoLocation": _("Location from the photo's GPS. Drag the pin onto the camera if it is off."),
        "pinLocation": _("Location set on the map."),
        "cameraLocation": _("The camera's location on the map. Drag the pin if it is off."),
        "geoDenied": _("Location access is off. Tap the map to put the pin on the camera, or add a photo that has GPS."),
        "geoUnavailable": _("Your location could not be found. Tap the map to put the pin on the camera."),
        "geoUnsupported": _("This browser cannot share your location. Tap the map to put the pin on the camera."),
        "farFromPhoto": _("The pin is {distance} from where photo {n} was taken."),
        "needLocation": _("Put the pin on the map first."),
        "direction": _("Direction {n}"),
        "suggested": _("suggested from your photo: the phone faced {from}°, so the camera faces about {deg}°"),
        "addSuggested": _("Add {deg}° (from your photo)"),
        "unknownDirection": _("Direction: don't know"),
        "unknownDirectionDrag": _("Direction: don't know, until you drag the grey arrow on the pin or add a "
                                  "direction."),
        "dragArrow": _("Drag to where the camera looks"),
        "sending": _("Sending…"),
        "sendingProgress": _("Sending… {p}%"),
        "send": _("Send report"),
        "offline": _("The report could not be sent (no connection?). Nothing was lost: try again."),
        "throttled": _("Too many reports from here just now. Try again in {min} min."),
        "failed": _("The report could not be sent. Check the fields marked in red."),
    }


@ensure_csrf_cookie
def submit_page(request):
    kind, notice = v.ReportKind.NEW, ""
    camera = _camera_for(request.GET.get("camera"))
    if request.GET.get("camera") or request.GET.get("kind"):
        if camera is None:
            notice = _("That camera is not on the map: you can report it as a new camera.")
        else:
            kind = request.GET.get("kind") if request.GET.get("kind") in CAMERA_KINDS else v.ReportKind.CONFIRM
    initial = {"surveillance_type": v.SurveillanceType.CAMERA}
    if camera is not None:
        initial.update({field: getattr(camera, field) for field, _label, _choices in CHOICE_GROUPS + MORE_CHOICE_GROUPS})
        initial.update({field: getattr(camera, field) for field in ("operator", "manufacturer", "model", "facial_recognition_evidence")})
        initial["height"] = _height_choice(camera.height)
    center = settings.LEAFLET_CONFIG["DEFAULT_CENTER"]
    config = {
        "api": reverse("api-report-create"),
        "eventCheck": reverse("api-mapping-event-check"),
        "maxPhotos": settings.PHOTOS_PER_REPORT,
        "maxBytes": settings.PHOTO_MAX_BYTES,
        "tileUrl": settings.TILE_URL,
        "tileAttribution": settings.TILE_ATTRIBUTION,
        "center": [center[0], center[1]],
        "zoom": settings.LEAFLET_CONFIG["DEFAULT_ZOOM"],
        "camera": {"id": camera.pk, "lat": camera.location.y, "lon": camera.location.x, "directions": camera.directions}
        if camera is not None else None,
        "kind": kind,
        "text": _submit_texts(),
        # Offline capture (static/cameramap/outbox.js, offline.js): the worker that keeps the page
        # working without signal, and where the CSRF token is read when a kept report is sent.
        "serviceWorker": {"url": reverse("service-worker"), "scope": pwa.capture_scope()},
        "csrfCookie": settings.CSRF_COOKIE_NAME,
    }
    return render(request, "web/submit.html", {
        "kind": kind,
        "kinds": [(value, label) for value, label in v.ReportKind.choices if value in CAMERA_KINDS],
        "camera": camera,
        "notice": notice,
        "groups": _groups(CHOICE_GROUPS, initial),
        "more_groups": _groups(MORE_CHOICE_GROUPS, initial),
        "initial": initial if camera is not None else {},
        "manufacturers": MANUFACTURERS,
        "config": config,
        "max_photos": settings.PHOTOS_PER_REPORT,
        "max_mb": f"{settings.PHOTO_MAX_BYTES / 1_048_576:g}",
        "theme_color": pwa.THEME_COLOR,
    })


@never_cache
def report_receipt(request, report_id: int):
    report = report_by_receipt(report_id=report_id, receipt=request.GET.get("receipt", ""), user=request.user)
    if report is None:
        raise Http404(_("No such report, or the receipt does not match."))
    link = request.build_absolute_uri(f"{reverse('web:report_receipt', args=[report.pk])}?receipt={report.receipt}")
    return render(request, "web/receipt.html", {
        "report": report,
        "photos": list(report.photos.all()),
        "camera": report_public_camera(report),
        "reject_reason": reject_reason_label(report_reject_reason(report)),
        "link": link,
        # What the phone's share sheet shows beside the link (static/cameramap/receipt.js).
        "share": {"title": _("Report #%(id)s") % {"id": report.pk},
                  "text": _("The receipt of my camera report: its status, and the only way back to it.")},
    })
