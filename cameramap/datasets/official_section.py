"""The "Declared versus found" section of /data/: for each official list, its figures per
district as a table and a chart, the sentence for the press (for the list and for each
district, in the page's language) and the comparison's downloads. Public, like the API's
/official-lists/: an authority's list and what volunteers found are what the site is for. The
pairs still to be checked are counted as "probable", never as found; moderators get a link to
the page where they check them."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from cameramap.cameras.selectors import cameras_version
from cameramap.moderation.selectors import is_moderator
from cameramap.official.comparison import FORMATS
from cameramap.official.figures import district_figures, list_figures
from cameramap.official.models import OfficialList
from cameramap.official.press import comparison
from cameramap.official.versions import matches_version

from . import charts

LISTS_SHOWN = 10
CHART_KEYS = ("found", "probable", "not-found", "not-declared")


def _chart(districts: list[dict]) -> dict:
    """Per district, one bar: the declared entries found, probably found and not found, then the
    cameras on the street not declared; the number after it is the sum of the four."""
    return charts.stacked_bars(
        [(d["name"], d["found"] + d["probable"] + d["not_found"] + d["not_declared"],
          [d["found"], d["probable"], d["not_found"], d["not_declared"]]) for d in districts],
        CHART_KEYS)


def _figures(official_list: OfficialList, versions: tuple) -> tuple[dict, list[dict]]:
    """The list's figures, and per district: cached like /data/'s statistics, under a key that
    moves with any change of a pair (matches_version) and of a camera (cameras_version) — a
    list's area counts its cameras not declared, which a new camera changes without a new pair."""
    state = f"{official_list.pk}|{official_list.matched_at}|{versions}"
    key = f"official:figures:{official_list.pk}:{hashlib.sha1(state.encode()).hexdigest()}"  # no spaces: any cache takes it
    figures = cache.get(key)
    if figures is None:
        figures = (list_figures(official_list), district_figures(official_list))
        cache.set(key, figures, timeout=settings.STATISTICS_CACHE_S)
    return figures


def official_sections() -> list[dict]:
    sections = []
    versions = (matches_version(), cameras_version())
    for official_list in OfficialList.objects.select_related("area", "previous").order_by("-published", "-id")[:LISTS_SHOWN]:
        compared = comparison(official_list, _figures(official_list, versions))
        compared["chart"] = _chart(compared["districts"]) if compared["districts"] else None
        compared["downloads"] = [(fmt.upper() if fmt == "csv" else "GeoJSON",
                                  reverse("official-list-comparison", kwargs={"pk": official_list.id, "fmt": fmt}))
                                 for fmt in FORMATS]
        sections.append(compared)
    return sections


def official_context(request) -> dict:
    """What datasets/_official.html reads from /data/'s context."""
    return {"official": official_sections(), "official_radius": settings.OFFICIAL_MATCH_RADIUS_M,
            "official_moderator": is_moderator(request.user)}
