"""What the map's official-list layer (static/cameramap/map-official.js) needs from the server:
the lists to choose from and the API paths it reads — handed over in the page, the script builds
nothing from strings of its own."""

from cameramap.converters import url_template
from cameramap.official.models import OfficialList


def official_map() -> dict:
    lists = OfficialList.objects.order_by("-published", "-id").only("id", "name", "publisher", "published")
    return {
        "lists": [(ol.id, f"{ol.name} ({ol.publisher}, {ol.published:%Y-%m-%d})") for ol in lists],
        "list_url": url_template("official-list", pk="id"),
        "entries_url": url_template("official-list-entries", pk="id"),
    }
