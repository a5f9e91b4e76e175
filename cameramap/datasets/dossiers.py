"""Dossiers: a PDF of a district or the whole city to hand to a data-protection authority, a
court, a council or the press (docs/dossiers.md).

``dossier_open`` opens one (a row "building"; ``tasks.dossier_request`` also has it built after
the commit); ``dossier_build`` reads the same figures as /data/ and the API (``statistics``), the published
cameras, — on request — each camera's evidence and the comparison with an official list (declared
versus found, official/press.py), renders ``datasets/dossier.html`` in the
dossier's language with WeasyPrint (archival PDF/A-3b) and stores the file in the private
storage with its SHA-256. Files are served only through the API, which checks the visibility.

What goes in is what the public API publishes: camera attributes, published blurred photos,
sighting days of accepted reports and the public kinds of events in a camera's history (what
happened and on which day). Never a photo's GPS or EXIF, a report's notes, a contributor or a
moderator's name or reason.
"""

import hashlib
import logging
from collections import Counter
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cameramap.cameras import vocabulary as v
from cameramap.cameras.areas import districts
from cameramap.cameras.history import Action, camera_history
from cameramap.cameras.models import Area, Report
from cameramap.cameras.selectors import PUBLIC_REPORT_STATUSES, camera_photos, report_sighting_day
from cameramap.cameras.storage import private_storage
from cameramap.official.models import OfficialList
from cameramap.official.press import area_comparison

from cameramap.timeline.selectors import day_end

from .datapackage import licence
from .dossier_map import map_svg
from .models import Dossier, DossierVisibility, ReleaseStatus
from .releases import release_latest
from .statistics import BREAKDOWNS, area_statistics, cameras_counted, statistics

log = logging.getLogger(__name__)
STORAGE_PREFIX = "dossiers"
MEDIA_SCHEME = "media"  # <img src="media:photos/…"> in the document: a photo in the media storage
# The kinds of history events printed: what changed what the public sees. Receipt, review
# locks and rejections concern reports the public never saw.
PUBLIC_ACTIONS = (Action.APPROVE, Action.ATTACH, Action.MERGE, Action.SPLIT, Action.CORRECT, Action.REMOVE, Action.BLUR)
LANGUAGES = [code for code, _name in settings.LANGUAGES]


class DossierError(ValueError):
    pass


def dossier_open(*, area: Area | None = None, language: str, visibility: str, camera_pages: bool, site_url: str,
                 official_list: OfficialList | None = None, as_of: date | None = None) -> Dossier:
    """Open a dossier (a row "building", for dossier_build). ``as_of``: the data as of the end of
    that day (checked by the caller, timeline.selectors.as_of_parse); None: as of the build."""
    if language not in LANGUAGES:
        raise DossierError(f"Unknown language; one of: {', '.join(LANGUAGES)}.")
    if visibility not in DossierVisibility.values:
        raise DossierError(f"Unknown visibility; one of: {', '.join(DossierVisibility.values)}.")
    if camera_pages:
        cameras = cameras_counted(as_of).filter(area=area) if area is not None else cameras_counted(as_of)
        if cameras.count() > settings.DOSSIER_CAMERA_PAGES_MAX:
            raise DossierError(f"Pages per camera are offered up to {settings.DOSSIER_CAMERA_PAGES_MAX} cameras; choose a district.")
    dossier = Dossier(area=area, language=language, visibility=visibility, camera_pages=camera_pages,
                      official_list=official_list, site_url=site_url.rstrip("/")[:200], as_of=as_of)
    dossier.full_clean()
    dossier.save()
    return dossier


def dossiers_expire_stale() -> int:
    """Builds still "building" long after their time limit died with their worker."""
    cutoff = timezone.now() - timedelta(seconds=settings.DOSSIER_BUILD_TIME_LIMIT + 300)
    return Dossier.objects.filter(status=ReleaseStatus.BUILDING, created_at__lt=cutoff).update(
        status=ReleaseStatus.FAILED, error="The build stopped without finishing (worker lost or time limit).",
        finished_at=timezone.now(),
    )


def dossiers_visible(user):
    """The dossiers ``user`` may see, newest first (stale builds marked failed on the way)."""
    from cameramap.moderation.selectors import is_moderator

    dossiers_expire_stale()
    dossiers = Dossier.objects.select_related("area", "official_list").order_by("-created_at", "-id")
    return dossiers if is_moderator(user) else dossiers.filter(visibility=DossierVisibility.PUBLIC)


def _progress(dossier: Dossier, percent: int) -> None:
    Dossier.objects.filter(id=dossier.id).update(progress=percent)


def _figures(area: Area | None, as_of: date | None = None) -> dict:
    if area is None:
        return statistics(as_of=as_of)["city"]
    return area_statistics(area.id, as_of)


def _breakdowns(figures: dict) -> list[dict]:
    labels = {"operator_type": v.OperatorType, "camera_type": v.CameraType, "facial_recognition": v.FacialRecognition,
              "sign_present": v.SignPresent}
    return [{"name": name, "rows": [(label, figures[name].get(value or "unknown", 0)) for value, label in labels[name].choices]}
            for name in BREAKDOWNS]


def _evidence(camera_id: int, as_of: date | None = None) -> dict:
    """A camera's photos, sightings and history; with ``as_of``, what there was by the end of that day."""
    photos = camera_photos(camera_id)
    reports = Report.objects.filter(camera=camera_id, status__in=PUBLIC_REPORT_STATUSES).prefetch_related("photos")
    events = camera_history(camera_id).filter(action__in=PUBLIC_ACTIONS)
    if as_of is not None:
        end = day_end(as_of)
        photos = photos.filter(report__decided_at__lt=end)
        reports, events = reports.filter(decided_at__lt=end), events.filter(created_at__lt=end)
    # Blurred display images only, read from the media storage wherever it is (_StorageFetcher).
    photos = [f"{MEDIA_SCHEME}:{p.image.name}" for p in photos if p.image]
    days = Counter(report_sighting_day(report) for report in reports)
    events = [(e.created_at.date(), e.get_action_display()) for e in events.order_by("created_at", "id")]
    return {"photos": photos, "sightings": sorted(days.items()), "events": events}


def dossier_html(dossier: Dossier) -> str:
    """The dossier as one HTML page, in its language (also what the benchmark compares with)."""
    area = dossier.area
    cameras = cameras_counted(dossier.as_of).select_related("area").order_by("id")
    if area is not None:
        cameras = cameras.filter(area=area)
    cameras = list(cameras)
    release = release_latest()
    outlines = [a.boundary for a in districts().only("boundary")]
    with translation.override(dossier.language):
        figures = _figures(area, dossier.as_of)
        drawn = map_svg(outlines=outlines, chosen=area.boundary if area else None,
                        points=[(c.location.x, c.location.y, c.operator_type) for c in cameras],
                        title=area.name if area else settings.SITE_NAME)
        _progress(dossier, 30)
        evidence = {}
        if dossier.camera_pages:
            for n, camera in enumerate(cameras, 1):
                evidence[camera.id] = _evidence(camera.id, dossier.as_of)
                if n % 50 == 0:
                    _progress(dossier, 30 + 40 * n // len(cameras))
        declared = area_comparison(dossier.official_list, area) if dossier.official_list_id else None
        rows = [{"camera": c, "url": f"{dossier.site_url}/cameras/{c.id}/", "evidence": evidence.get(c.id)} for c in cameras]
        return render_to_string("datasets/dossier.html", {
            "dossier": dossier, "area": area, "figures": figures, "breakdowns": _breakdowns(figures),
            "map": drawn, "cameras": rows, "declared": declared, "radius": settings.OFFICIAL_MATCH_RADIUS_M, "release": release, "licence": licence(settings.DATASET_LICENCE),
            "publisher": settings.DOSSIER_PUBLISHER, "SITE_NAME": settings.SITE_NAME,
            "LANGUAGE_CODE": dossier.language, "today": timezone.localdate(),
        })


def _storage_fetcher():
    """WeasyPrint's fetcher, reading ``media:NAME`` from the media storage: the photos are files
    on this machine or objects in a bucket, and the build needs no URL of theirs."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StorageFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(f"{MEDIA_SCHEME}:"):
                return super().fetch(url, headers)
            with default_storage.open(url.removeprefix(f"{MEDIA_SCHEME}:"), "rb") as stored:
                body = stored.read()
            return URLFetcherResponse(url, body, {"Content-Type": "image/jpeg"}, 200)

    return StorageFetcher()


def dossier_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango is slow, and only builds need it

    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_storage_fetcher()).write_pdf(
        pdf_variant="pdf/a-3b")


def dossier_build(dossier_id: int) -> Dossier:
    dossier = Dossier.objects.select_related("area", "official_list").get(id=dossier_id)
    try:
        html = dossier_html(dossier)
        _progress(dossier, 75)
        pdf = dossier_pdf(html)
        name = f"{STORAGE_PREFIX}/dossier-{dossier.id}-{dossier.language}.pdf"
        if private_storage.exists(name):
            private_storage.delete(name)
        dossier.path = private_storage.save(name, ContentFile(pdf))
        dossier.size, dossier.sha256 = len(pdf), hashlib.sha256(pdf).hexdigest()
        dossier.release_version = getattr(release_latest(), "version", "")
        dossier.cameras = html.count('class="camera-row"')
        dossier.status, dossier.progress = ReleaseStatus.READY, 100
    except Exception as error:  # recorded on the row for the page and the API; the log has the trace
        log.exception("dossier %s failed", dossier_id)
        dossier.status, dossier.error = ReleaseStatus.FAILED, str(error)[:500] or type(error).__name__
    dossier.finished_at = timezone.now()
    dossier.save()
    return dossier
