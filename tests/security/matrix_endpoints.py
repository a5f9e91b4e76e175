"""Every write endpoint and restricted page, as the permission matrix calls it: the URL pattern
it exercises (for the completeness check), the request with a valid payload, the status that
means success, and how to tell afterwards that the write really happened."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from axes import models as axes_models
from django.contrib.admin.models import CHANGE
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.authtoken.models import Token

from cameramap.cameras.models import Area, Camera, Report
from cameramap.city.models import StreetSegment
from cameramap.coverage.models import StreetLook
from cameramap.datasets.models import DatasetRelease, Dossier
from cameramap.cameras.history import ModerationEvent
from cameramap.moderation.models import MappingEvent, ReviewLock
from cameramap.moderation.selectors import camera_merge_preview
from cameramap.official.models import OfficialEntry, OfficialImport, OfficialList
from tests.factories import mapping_event_make

from .matrix_support import PASSWORD, World, jpeg, logged

NEW_PASSWORD = "matrix-Changed-passphrase-77"
POINT = json.dumps({"type": "Point", "coordinates": [20.4611, 44.8155]})
POLYGON = json.dumps({"type": "MultiPolygon",
                      "coordinates": [[[[20.5, 44.8], [20.52, 44.8], [20.52, 44.82], [20.5, 44.82], [20.5, 44.8]]]]})


@dataclass(frozen=True)
class Endpoint:
    route: str  # the URL pattern exercised: its name (namespace:name) as the resolver knows it
    method: str
    url: Callable[[World], str]
    data: Callable[[World], dict] | None = None
    format: str | None = None  # "json"; None: a form (multipart), or no body
    status: int = 200  # what success answers
    written: Callable[[World], bool] | None = None  # the write happened (None: a page that only reads)
    shows: Callable[[World, object], bool] = lambda w, r: True  # the allowed answer is the real page
    signed_out: bool = False  # logging in: the role is in the credentials, not in the session
    given: Callable[[World], object] = lambda w: None  # rows that must exist before the request


def _status(w: World, report: Report) -> str:
    return w.fresh(report).status


def _mapping_event(w: World) -> MappingEvent:
    return w.once("mapping_event", mapping_event_make)


def _street(w: World) -> StreetSegment:
    return w.once("street", lambda: StreetSegment.objects.create(
        osm_id=4242, highway="residential", geometry="SRID=4326;LINESTRING(20.4570 44.8176, 20.4580 44.8176)"))


API = {
    # Anyone may report a camera (anonymous too); a signed-in volunteer is its contributor.
    "report-create": Endpoint(
        "api-report-create", "post", lambda w: "/api/v1/reports/",
        lambda w: {"lat": "44.8176", "lon": "20.4573", "directions": "90",
                   "photos": [SimpleUploadedFile("any.jpg", jpeg(), content_type="image/jpeg")]},
        format="multipart", status=201,
        written=lambda w: Report.objects.filter(contributor=w.actor, status="pending").exists(),
        shows=lambda w, r: set(r.json()) >= {"id", "status", "receipt"}),
    # Anyone may say which streets they walked (anonymous too): nothing of who is stored.
    "coverage-survey": Endpoint(
        "coverage-surveys", "post", lambda w: "/api/v1/coverage/surveys/",
        lambda w: {"segments": [_street(w).osm_id], "day": timezone.localdate().isoformat()}, format="json",
        status=201, written=lambda w: StreetLook.objects.filter(way_id=4242).exists(),
        shows=lambda w, r: r.json()["kind"] == "survey"),
    # Anyone may check a mapping-event code (a phone does before keeping it); nothing is written.
    "mapping-event-check": Endpoint(
        "api-mapping-event-check", "post", lambda w: "/api/v1/mapping-events/check",
        lambda w: {"code": _mapping_event(w).code}, format="json",
        shows=lambda w, r: r.json()["name"] == _mapping_event(w).name),
    # The role's own username and password (anonymous: an account that does not exist).
    "auth-token": Endpoint(
        "api-auth-token", "post", lambda w: "/api/v1/auth/token/",
        lambda w: {"username": w.username, "password": PASSWORD}, format="json",
        written=lambda w: bool(_token_of(w.username)), signed_out=True,
        shows=lambda w, r: _token_of(w.username) == r.json()["token"]),
    # Ask for a dossier (a PDF of the city): moderators only.
    "dossier-create": Endpoint(
        "api-dossier-list", "post", lambda w: "/api/v1/dossiers/", lambda w: {"language": "sr"}, format="json",
        status=202, written=lambda w: Dossier.objects.filter(language="sr", status="building").exists(),
        shows=lambda w, r: r.json()["status"] == "building"),
    "moderation-list": Endpoint(
        "moderation-reports", "get", lambda w: "/api/v1/moderation/reports/?status=pending", given=lambda w: w.report,
        shows=lambda w, r: w.report.pk in [row["id"] for row in r.json()["results"]]),
    "moderation-detail": Endpoint(
        "moderation-report", "get", lambda w: f"/api/v1/moderation/reports/{w.report.pk}/",
        shows=lambda w, r: r.json()["id"] == w.report.pk and "candidates" in r.json()),
    "moderation-approve": Endpoint(
        "moderation-report-approve", "post", lambda w: f"/api/v1/moderation/reports/{w.report.pk}/approve",
        lambda w: {}, format="json", written=lambda w: _status(w, w.report) == "approved"),
    "moderation-reject": Endpoint(
        "moderation-report-reject", "post", lambda w: f"/api/v1/moderation/reports/{w.report.pk}/reject",
        lambda w: {"reason": "abuse"}, format="json", written=lambda w: _status(w, w.report) == "rejected"),
    "moderation-merge": Endpoint(
        "moderation-report-merge", "post", lambda w: f"/api/v1/moderation/reports/{w.report.pk}/merge",
        lambda w: {"camera": w.camera.pk}, format="json", written=lambda w: w.fresh(w.report).camera_id == w.camera.pk),
    "moderation-lock": Endpoint(
        "moderation-report-lock", "post", lambda w: f"/api/v1/moderation/reports/{w.report.pk}/lock",
        format="json", written=lambda w: ReviewLock.objects.filter(report=w.report).exists()),
    "moderation-unlock": Endpoint(
        "moderation-report-lock", "delete", lambda w: f"/api/v1/moderation/reports/{w.report.pk}/lock",
        status=204, given=lambda w: w.lock, written=lambda w: not ReviewLock.objects.filter(report=w.report).exists()),
    "moderation-camera-merge": Endpoint(
        "moderation-camera-merge", "post", lambda w: f"/api/v1/moderation/cameras/{w.dup.pk}/merge",
        lambda w: {"into": w.camera.pk}, format="json", written=lambda w: w.fresh(w.dup).merged_into_id == w.camera.pk),
    "moderation-camera-merge-preview": Endpoint(
        "moderation-camera-merge", "get", lambda w: f"/api/v1/moderation/cameras/{w.dup.pk}/merge",
        lambda w: {"into": w.camera.pk}, shows=lambda w, r: r.json()["into"] == w.camera.pk),
    "moderation-camera-split": Endpoint(
        "moderation-camera-split", "post", lambda w: f"/api/v1/moderation/cameras/{w.dup.pk}/split",
        lambda w: {"reports": [w.sighting.pk]}, format="json", status=201,
        written=lambda w: w.sighting.camera_id != w.dup.pk),
    "moderation-camera-history": Endpoint(
        "moderation-camera-history", "get", lambda w: f"/api/v1/moderation/cameras/{w.dup.pk}/history/",
        shows=lambda w, r: [e["action"] for e in r.json()["results"]] == ["attach"]),
    "moderation-photo-blur": Endpoint(
        "moderation-photo-blur", "post", lambda w: f"/api/v1/moderation/photos/{w.photo.pk}/blur",
        lambda w: {"boxes": [{"x": 0.1, "y": 0.1, "w": 0.3, "h": 0.3}]}, format="json",
        written=lambda w: len(w.fresh(w.photo).blur_boxes) == 1),
    "moderation-photo-blur-choose": Endpoint(
        "moderation-photo-blur", "put", lambda w: f"/api/v1/moderation/photos/{w.review_photo.pk}/blur",
        lambda w: {"boxes": [{**w.review_photo.blur_boxes[0], "on": False}]}, format="json",
        written=lambda w: w.fresh(w.review_photo).blur_boxes[0].get("on") is False),
}


def _token_of(username: str) -> str | None:
    return Token.objects.filter(user__username=username).values_list("key", flat=True).first()


PAGES = {
    # The moderator pages (/moderate/). Opening a report takes it for review: a write on GET.
    "moderation-page-queue": Endpoint(
        "moderation:queue", "get", lambda w: "/moderate/", given=lambda w: w.report,
        shows=lambda w, r: w.report in r.context["page"].object_list),
    "moderation-page-next": Endpoint(
        "moderation:next", "get", lambda w: "/moderate/next/", status=302, given=lambda w: w.report,
        shows=lambda w, r: r["Location"] == f"/moderate/reports/{w.report.pk}/"),
    "moderation-page-report": Endpoint(
        "moderation:report", "get", lambda w: f"/moderate/reports/{w.report.pk}/",
        shows=lambda w, r: r.context["report"] == w.report and not ReviewLock.objects.filter(report=w.report).exists()),
    "moderation-page-keep": Endpoint(
        "moderation:keep", "post", lambda w: f"/moderate/reports/{w.report.pk}/keep", lambda w: {},
        status=302, written=lambda w: ReviewLock.objects.filter(report=w.report).exists()),
    "moderation-page-photo-unblurred": Endpoint(
        "moderation:photo_unblurred", "get", lambda w: f"/moderate/photos/{w.review_photo.pk}/unblurred.jpg",
        shows=lambda w, r: r["Cache-Control"] == "private, no-store" and r["Content-Type"] == "image/jpeg"),
    "moderation-page-camera": Endpoint(
        "moderation:camera", "get", lambda w: f"/moderate/cameras/{w.camera.pk}/",
        shows=lambda w, r: r.context["camera"] == w.camera),
    "moderation-page-approve": Endpoint(
        "moderation:approve", "post", lambda w: f"/moderate/reports/{w.report.pk}/approve", lambda w: {},
        status=302, written=lambda w: _status(w, w.report) == "approved"),
    "moderation-page-attach": Endpoint(
        "moderation:attach", "post", lambda w: f"/moderate/reports/{w.report.pk}/attach",
        lambda w: {"camera": w.camera.pk}, status=302, written=lambda w: w.fresh(w.report).camera_id == w.camera.pk),
    "moderation-page-reject": Endpoint(
        "moderation:reject", "post", lambda w: f"/moderate/reports/{w.report.pk}/reject",
        lambda w: {"reason": "not_a_camera"}, status=302, written=lambda w: _status(w, w.report) == "rejected"),
    "moderation-page-release": Endpoint(
        "moderation:release", "post", lambda w: f"/moderate/reports/{w.report.pk}/release", lambda w: {},
        status=302, given=lambda w: w.lock, written=lambda w: not ReviewLock.objects.filter(report=w.report).exists()),
    "moderation-page-camera-merge-preview": Endpoint(
        "moderation:camera_merge", "get", lambda w: f"/moderate/cameras/{w.dup.pk}/merge",
        lambda w: {"into": w.camera.pk}, shows=lambda w, r: r.context["preview"].into == w.camera.pk),
    "moderation-page-camera-merge": Endpoint(
        "moderation:camera_merge", "post", lambda w: f"/moderate/cameras/{w.dup.pk}/merge",
        lambda w: {"into": w.camera.pk, "digest": camera_merge_preview(camera=w.dup, into=w.camera).digest},
        status=302, written=lambda w: w.fresh(w.dup).merged_into_id == w.camera.pk),
    "moderation-page-camera-split": Endpoint(
        "moderation:camera_split", "post", lambda w: f"/moderate/cameras/{w.dup.pk}/split",
        lambda w: {"reports": [w.sighting.pk]}, status=302, written=lambda w: w.sighting.camera_id != w.dup.pk),
    "moderation-page-audit": Endpoint(
        "moderation:audit", "get", lambda w: f"/moderate/audit/?report={w.event.report_id}", given=lambda w: w.event,
        shows=lambda w, r: list(r.context["page"].object_list) == [w.event]),
    "moderation-page-events": Endpoint(
        "moderation:events", "get", lambda w: "/moderate/events/", given=_mapping_event,
        shows=lambda w, r: list(r.context["current"]) == [_mapping_event(w)]),
    "moderation-page-event-create": Endpoint(
        "moderation:events", "post", lambda w: "/moderate/events/",
        lambda w: {"name": "matrix walk", "starts_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                   "ends_at": (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")},
        status=302, written=lambda w: MappingEvent.objects.filter(name="matrix walk").exists()),
    "moderation-page-event-end": Endpoint(
        "moderation:event_end", "post", lambda w: f"/moderate/events/{_mapping_event(w).pk}/end", lambda w: {},
        status=302, written=lambda w: w.fresh(_mapping_event(w)).ends_at <= timezone.now()),
    # The dossier form on /data/ (moderators; others are not offered it and are refused).
    "data-dossier-create": Endpoint(
        "datasets:dossier-create", "post", lambda w: "/data/dossiers/", lambda w: {"language": "en", "visibility": "moderators"},
        status=302, written=lambda w: Dossier.objects.filter(language="en", visibility="moderators").exists()),
    # The capture page is open to all; its form posts to the reports API (above).
    "submit-page": Endpoint(
        "web:submit", "get", lambda w: "/submit/", shows=lambda w, r: b"/api/v1/reports/" in r.content),
    "set-language": Endpoint(
        "set_language", "post", lambda w: "/i18n/setlang/", lambda w: {"language": "sr", "next": "/"}, status=302,
        written=lambda w: "django_language" in w.client.cookies and w.client.cookies["django_language"].value == "sr"),
    "admin-login": Endpoint(
        "admin:login", "post", lambda w: "/admin/login/?next=/admin/",
        lambda w: {"username": w.username, "password": PASSWORD, "next": "/admin/"}, status=302,
        written=lambda w: "_auth_user_id" in w.client.session, signed_out=True),
    "admin-logout": Endpoint(
        "admin:logout", "post", lambda w: "/admin/logout/", lambda w: {},
        written=lambda w: w.actor is not None and "_auth_user_id" not in w.client.session),
    "admin-password-change": Endpoint(
        "admin:password_change", "post", lambda w: "/admin/password_change/",
        lambda w: {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        status=302, written=lambda w: w.actor is not None and w.fresh(w.actor).check_password(NEW_PASSWORD)),
    "admin-index": Endpoint("admin:index", "get", lambda w: "/admin/", shows=lambda w, r: bool(r.context["app_list"])),
    "admin-app-cameras": Endpoint(
        "admin:app_list", "get", lambda w: "/admin/cameras/",
        shows=lambda w, r: [app["app_label"] for app in r.context["app_list"]] == ["cameras"]),
    "admin-user-password": Endpoint(
        "admin:auth_user_password_change", "post", lambda w: f"/admin/auth/user/{w.person.pk}/password/",
        lambda w: {**w.form(f"/admin/auth/user/{w.person.pk}/password/"),
                   "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        status=302, written=lambda w: w.fresh(w.person).check_password(NEW_PASSWORD)),
    # Build a dataset release now (the admin's button on the releases list).
    "admin-release-build": Endpoint(
        "admin:datasets_datasetrelease_build", "post", lambda w: "/admin/datasets/datasetrelease/build/", lambda w: {},
        status=302, written=lambda w: DatasetRelease.objects.filter(status="building").exists()),
    "admin-area-import": Endpoint(
        "admin:cameras_area_import", "post", lambda w: "/admin/cameras/area/import/",
        lambda w: {"file": SimpleUploadedFile("areas.geojson", _areas_geojson(), content_type="application/geo+json"),
                   "name_field": "name"},
        status=302, written=lambda w: Area.objects.filter(slug="matrix-imported").exists()),
}


def _areas_geojson() -> bytes:
    feature = {"type": "Feature", "properties": {"name": "Matrix imported"}, "geometry": json.loads(POLYGON)}
    return json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()


def admin_model(key: str, path: str, obj, *, add, added, change, changed, object_id=lambda o: o.pk, actions=True):
    """The admin's pages of one model: its list and an object's history (reads), add, change and
    delete, and the list's "delete selected" action. ``add``/``change`` turn the form the admin
    is shown (read as a superuser) into a valid submission."""
    base = f"/admin/{path}/"
    name = f"admin:{path.replace('/', '_')}"

    def at(suffix):
        return lambda w: f"{base}{object_id(obj(w))}/{suffix}/"

    def gone(w):
        o = obj(w)  # by the primary key's column: a token's .pk is its user's id
        return not type(o).objects.filter(pk=getattr(o, o._meta.pk.attname)).exists()

    views = {
        f"admin-{key}-list": Endpoint(f"{name}_changelist", "get", lambda w: base,
                                      shows=lambda w, r: r.context["cl"].model is type(obj(w))),
        f"admin-{key}-history": Endpoint(f"{name}_history", "get", at("history"),
                                         shows=lambda w, r: r.context["object"].pk == obj(w).pk),
        f"admin-{key}-add": Endpoint(f"{name}_add", "post", lambda w: f"{base}add/",
                                     lambda w: add(w, w.form(f"{base}add/")), status=302, written=added),
        f"admin-{key}-change": Endpoint(f"{name}_change", "post", at("change"),
                                        lambda w: change(w, w.form(at("change")(w))), status=302, written=changed),
        f"admin-{key}-delete": Endpoint(f"{name}_delete", "post", at("delete"), lambda w: {"post": "yes"},
                                        status=302, written=gone),
    }
    if actions:
        views[f"admin-{key}-action"] = Endpoint(
            f"{name}_changelist", "post", lambda w: base,
            lambda w: {"action": "delete_selected", "_selected_action": [obj(w).pk], "post": "yes"},
            status=302, written=gone)
    return views


def _axes(key: str, model_name: str):
    model = getattr(axes_models, model_name)

    def row(w):
        return w.once(key, lambda: w.axes(model))

    return admin_model(
        key, f"axes/{model_name.lower()}", row,
        add=lambda w, f: {"username": "matrix added", "user_agent": "x", "http_accept": "*/*", "path_info": "/"},
        added=lambda w: model.objects.filter(username="matrix added").exists(),
        change=lambda w, f: f, changed=lambda w: logged(row(w), CHANGE))  # every field is read-only


User = get_user_model()
ADMIN = {
    **admin_model(
        "camera", "cameras/camera", lambda w: w.camera,
        add=lambda w, f: {**f, "location": POINT, "first_seen": "2026-01-10", "last_confirmed": "2026-01-10",
                          "operator": "matrix added"},
        added=lambda w: Camera.objects.filter(operator="matrix added").exists(),
        change=lambda w, f: {**f, "operator": "matrix changed"},
        changed=lambda w: w.fresh(w.camera).operator == "matrix changed"),
    **admin_model(
        "report", "cameras/report", lambda w: w.report,
        add=lambda w, f: {**f, "location": POINT, "notes": "matrix added"},
        added=lambda w: Report.objects.filter(notes="matrix added").exists(),
        change=lambda w, f: {**f, "notes": "matrix changed"},
        changed=lambda w: w.fresh(w.report).notes == "matrix changed"),
    **admin_model(
        "area", "cameras/area", lambda w: w.area,
        add=lambda w, f: {**f, "name": "Matrix added", "slug": "matrix-added", "boundary": POLYGON},
        added=lambda w: Area.objects.filter(slug="matrix-added").exists(),
        change=lambda w, f: {**f, "population": "1234"}, changed=lambda w: w.fresh(w.area).population == 1234),
    **admin_model(
        "event", "cameras/moderationevent", lambda w: w.event,
        add=lambda w, f: {"report": w.report.pk, "action": "reject", "reason": "matrix added"},
        added=lambda w: ModerationEvent.objects.filter(reason="matrix added").exists(),
        change=lambda w, f: {"report": w.report.pk, "action": "lock", "reason": "matrix changed"},
        changed=lambda w: w.fresh(w.event).reason == "matrix changed"),
    **admin_model(
        "mapping-event", "moderation/mappingevent", _mapping_event,
        add=lambda w, f: {**f, "name": "matrix added"},
        added=lambda w: MappingEvent.objects.filter(name="matrix added").exists(),
        change=lambda w, f: {**f, "name": "matrix changed"},
        changed=lambda w: w.fresh(_mapping_event(w)).name == "matrix changed"),
    **admin_model(
        "release", "datasets/datasetrelease", lambda w: w.release,
        add=lambda w, f: {"version": "2026.02.02", "status": "ready", "licence": "ODbL-1.0"},
        added=lambda w: DatasetRelease.objects.filter(version="2026.02.02").exists(),
        change=lambda w, f: {"version": w.release.version, "status": "failed", "licence": "ODbL-1.0"},
        changed=lambda w: w.fresh(w.release).status == "failed"),
    **admin_model(
        "osm", "datasets/osmelement", lambda w: w.osm, object_id=lambda o: o.camera_id,
        add=lambda w, f: {**f, "camera": w.camera.pk, "version": "7"},
        added=lambda w: Camera.objects.filter(pk=w.camera.pk, osm_element__version=7).exists(),
        change=lambda w, f: {**f, "version": "8"}, changed=lambda w: w.fresh(w.osm).version == 8),
    **admin_model(
        "user", "auth/user", lambda w: w.person,
        add=lambda w, f: {**f, "username": "matrix-added", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        added=lambda w: User.objects.filter(username="matrix-added").exists(),
        change=lambda w, f: {**f, "first_name": "Changed"},
        changed=lambda w: w.fresh(w.person).first_name == "Changed"),
    **admin_model(
        "group", "auth/group", lambda w: w.group,
        add=lambda w, f: {**f, "name": "matrix-added"},
        added=lambda w: Group.objects.filter(name="matrix-added").exists(),
        change=lambda w, f: {**f, "name": "matrix-renamed"},
        changed=lambda w: w.fresh(w.group).name == "matrix-renamed"),
    # Tokens are addressed by their user's id; DRF offers no list actions on them.
    **admin_model(
        "token", "authtoken/tokenproxy", lambda w: w.token, object_id=lambda o: o.user_id, actions=False,
        add=lambda w, f: {**f, "user": w.person.pk}, added=lambda w: bool(_token_of(w.person.username)),
        change=lambda w, f: {**f, "user": w.other.pk}, changed=lambda w: bool(_token_of(w.other.username))),
    **_axes("axes-attempt", "AccessAttempt"),
    **_axes("axes-log", "AccessLog"),
    **_axes("axes-failure", "AccessFailureLog"),
}

def _official_list(w) -> OfficialList:
    return w.once("official_list", lambda: OfficialList.objects.create(
        name="Matrix list", publisher="Ministry", published="2021-03-20", file_name="m.csv", file_sha256="c" * 64))


def _entry(w, status: str) -> OfficialEntry:
    """An entry of the list: ``probable`` (paired with w.camera, 22 m away) or ``unlocated``."""
    from django.contrib.gis.geos import Point

    def make():
        place = {"location": Point(w.camera.location.x, w.camera.location.y + 0.0002, srid=4326), "located_by": "coordinates",
                 "precision_m": 0, "camera": w.camera, "score": 0.6, "distance_m": 22} if status == "probable" else {
                 "located_by": "unlocated", "unlocated_reason": "no street"}
        return OfficialEntry.objects.create(official_list=_official_list(w), row=2, ref=status, status=status, **place)

    return w.once(f"entry-{status}", make)


def _official_upload(w) -> dict:
    return {"file": SimpleUploadedFile("list.csv", b"id,lat,lon\n1,44.8176,20.4573\n", content_type="text/csv"),
            "name": "Matrix upload", "publisher": "Ministry", "published": "2021-03-20"}


def _official_job(w) -> OfficialImport:
    return w.once("official_job", lambda: OfficialImport.objects.create(file_name="m.csv", options={}))


OFFICIAL = {
    # The moderator pages of official lists (/moderate/official/); the worker's part is not run here.
    "official-page-upload": Endpoint(
        "official:upload", "post", lambda w: "/moderate/official/import/", _official_upload, status=302,
        written=lambda w: OfficialImport.objects.filter(options__name="Matrix upload").exists()),
    "official-page-confirm": Endpoint(
        "official:confirm", "post", lambda w: f"/moderate/official/entries/{_entry(w, 'probable').pk}/confirm", status=302,
        written=lambda w: w.fresh(_entry(w, "probable")).confirmed),
    "official-page-reject": Endpoint(
        "official:reject", "post", lambda w: f"/moderate/official/entries/{_entry(w, 'probable').pk}/reject", status=302,
        written=lambda w: w.camera.pk in w.fresh(_entry(w, "probable")).rejected_cameras),
    "official-page-place": Endpoint(
        "official:place", "post", lambda w: f"/moderate/official/entries/{_entry(w, 'unlocated').pk}/place",
        lambda w: {"lat": "44.8176", "lon": "20.4573"}, status=302,
        written=lambda w: w.fresh(_entry(w, "unlocated")).located_by == "hand"),
    # The admin's upload of a list, its progress page and the status that page polls.
    "admin-official-import": Endpoint(
        "admin:official_officiallist_import", "post", lambda w: "/admin/official/officiallist/import/", _official_upload,
        status=302, written=lambda w: OfficialImport.objects.filter(options__name="Matrix upload").exists()),
    "admin-official-job": Endpoint(
        "admin:official_officialimport_job", "get", lambda w: f"/admin/official/officiallist/imports/{_official_job(w).pk}/",
        shows=lambda w, r: b"data-status-url" in r.content),
    "admin-official-job-status": Endpoint(
        "admin:official_officialimport_status", "get",
        lambda w: f"/admin/official/officiallist/imports/{_official_job(w).pk}/status",
        shows=lambda w, r: r.json()["state"] == "queued"),
    **admin_model(
        "official-list", "official/officiallist", _official_list,
        add=lambda w, f: {"name": "Matrix added", "publisher": "x", "published": "2021-01-01"},
        added=lambda w: OfficialList.objects.filter(name="Matrix added").exists(),
        change=lambda w, f: {**f, "notes": "matrix changed"},
        changed=lambda w: w.fresh(_official_list(w)).notes == "matrix changed"),
}

ENDPOINTS: dict[str, Endpoint] = {**API, **PAGES, **ADMIN, **OFFICIAL}
