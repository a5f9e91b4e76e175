"""Share cards (Open Graph and Twitter) for /data/: the page itself, one district's statistics
(``/data/?area={slug}``, with the district drawn at ``/data/areas/{slug}.png``) and one release
(``/data/?release={version}``). A card is the title, description and picture a site shows for a
link; the page under it is the same /data/."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from cameramap.cameras.areas import districts

from .feeds import release_summary
from .models import DatasetRelease, ReleaseStatus
from .share_image import district_png
from .statistics import area_statistics, cameras_counted

# The picture changes when cameras do, not from one minute to the next; a day is a fair lag for
# a share card, and its address never changes, so sites that copied it keep a working link.
IMAGE_MAX_AGE_S = 24 * 60 * 60


def _rings(boundary) -> list[list[tuple[float, float]]]:
    return [list(ring.coords) for polygon in boundary for ring in polygon]


@require_GET
@cache_control(public=True, max_age=IMAGE_MAX_AGE_S)
def district_image(request, slug: str):
    area = get_object_or_404(districts(), slug=slug)
    cameras = ((point.x, point.y, verified_on is not None) for point, verified_on in
               cameras_counted().filter(area=area).values_list("location", "verified_on").iterator())
    return HttpResponse(district_png(_rings(area.boundary), cameras), content_type="image/png")


def share_card(request) -> dict:
    """{"title", "description", "url", "image"?} for /data/, or for the district or release the
    address names (?area=, ?release=); an unknown one gets the page's own card."""
    page = reverse("datasets:data")
    area = districts().filter(slug=request.GET.get("area", "")).first() if request.GET.get("area") else None
    if area is not None and (row := area_statistics(area.id)) is not None:
        return {
            "title": _("Surveillance cameras in %(district)s") % {"district": area.name},
            "description": _("%(cameras)s cameras on the street: %(verified)s verified by volunteers, %(imported)s imported.")
            % {name: number_format(row[name], force_grouping=True) for name in ("cameras", "verified", "imported")},
            "url": request.build_absolute_uri(f"{page}?area={area.slug}"),
            "image": request.build_absolute_uri(reverse("datasets:area-image", args=[area.slug])),
        }
    version = request.GET.get("release")
    release = DatasetRelease.objects.filter(version=version, status=ReleaseStatus.READY).first() if version else None
    if release is not None:
        return {
            "title": _("Camera data release %(version)s") % {"version": release.version},
            "description": release_summary(release),
            "url": request.build_absolute_uri(f"{page}?release={release.version}"),
        }
    return {
        "title": _("Data: downloads and statistics"),
        "description": _("Surveillance cameras in public space: downloads, releases and statistics per district."),
        "url": request.build_absolute_uri(page),
    }
