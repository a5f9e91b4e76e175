"""Where the public map (``/`` and ``/embed/``) draws its cameras from.

``MAP_TILES=live`` (the default): the vector tiles of ``/api/v1/tiles/`` and, close up, the camera
list of the API — every filter answered from the database as it is now.

``MAP_TILES=pmtiles``: the latest release's ``cameras.pmtiles`` (datasets/tile_archive.py), which
the browser reads by HTTP range requests with the vendored PMTiles reader (static/vendor/pmtiles):
one static file that object storage, a CDN or nginx serve without Django, so a news day's readers
cost the server nothing per tile. The file holds every published camera of the release and no
filter; with a filter or a district chosen the map asks the live endpoints, as by default. Before
the first release with the file, the map stays live.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone

from cameramap.datasets import tile_archive
from cameramap.datasets.releases import release_latest


def _file_url(version: str, path: str) -> str:
    template = settings.MAP_PMTILES_URL
    if not template:
        return reverse("datasets-file", kwargs={"version": version, "name": tile_archive.NAME})
    return template.replace("{version}", version).replace("{path}", path)


def pmtiles_source() -> dict | None:
    """What map-pmtiles.js needs to read the file, or None when the map draws live tiles."""
    if settings.MAP_TILES != "pmtiles":
        return None
    release = release_latest()
    entry = (release.files or {}).get(tile_archive.NAME) if release is not None else None
    if entry is None:
        return None
    built = timezone.localtime(release.finished_at or release.created_at)
    singles = settings.TILE_CLUSTER_MAX_ZOOM
    return {
        "url": _file_url(release.version, entry["path"]),
        "version": release.version,
        "date": formats.date_format(built, "DATE_FORMAT"),
        "maxZoom": tile_archive.MAX_ZOOM,
        # The zoom of the file's single cameras, which close up draws (over-zoomed further in);
        # None when they begin past the file's last zoom: then close up stays live.
        "singlesZoom": singles if singles <= tile_archive.MAX_ZOOM else None,
    }
