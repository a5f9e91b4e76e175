"""What the files of a release or a download say about how we know their cameras, in the files'
own language (English, as the column names): how many are verified — a moderator accepted a
sighting of the camera by one of our volunteers — and how many imported, from an outside source
only, and which sources. A file must never claim more than it holds: a release of OpenStreetMap
imports is not "verified by volunteers".

``counts`` are a release's (``provenance_count`` over its rows) or, for a live download, which
kinds it holds at all (1 or 0: counting a million cameras first would slow the download).
"""

from collections import Counter

from django.conf import settings

# Where an imported camera comes from, by its ``source``: a camera of the crowd's source that no
# volunteer's accepted sighting verified was added by the site's staff.
IMPORTED_FROM = {"osm": "OpenStreetMap", "official": "official lists", "crowd": "staff edits"}
OSM_ATTRIBUTION = (
    "Contains data from OpenStreetMap, © OpenStreetMap contributors, available under the Open Database "
    "Licence (ODbL 1.0): https://www.openstreetmap.org/copyright"
)


class ProvenanceCounter:
    """Counts rows (see ``columns``) as verified or imported, the imported ones by source."""

    def __init__(self, verified_at: int, source_at: int):
        self.verified_at, self.source_at = verified_at, source_at
        self.verified, self.imported_from = 0, Counter()

    def add(self, row) -> None:
        if row[self.verified_at] == "true":
            self.verified += 1
        else:
            self.imported_from[row[self.source_at]] += 1

    def counts(self) -> dict:
        return {"verified": self.verified, "imported": sum(self.imported_from.values()),
                "imported_by_source": dict(self.imported_from)}


def attribution_text(counts: dict) -> str:
    """Who compiled the cameras and how they are known, with OpenStreetMap's attribution when
    any come from it or are linked to it."""
    parts = [f"Compiled by {settings.SITE_NAME}."]
    if counts.get("verified"):
        parts.append(f"Cameras with verified true were seen by {settings.SITE_NAME} volunteers, each sighting "
                     "accepted by a moderator.")
    if counts.get("imported"):
        parts.append("Cameras with verified false are imported: they come only from other sources (OpenStreetMap, "
                     "official lists, staff edits) and no volunteer's sighting of them has been accepted yet.")
    if counts.get("by_source", {}).get("osm") or counts.get("osm_linked"):
        parts.append(OSM_ATTRIBUTION)
    return " ".join(parts)


def summary_text(counts: dict) -> str:
    """"4 published surveillance cameras: 2 verified by … volunteers, 2 imported and not yet
    verified (OpenStreetMap 2)."""
    imported = counts.get("imported", 0)
    sources = ", ".join(f"{IMPORTED_FROM.get(source, source)} {n}"
                        for source, n in sorted(counts.get("imported_by_source", {}).items()) if n)
    return (f"{counts['cameras']} published surveillance cameras: {counts.get('verified', 0)} verified by "
            f"{settings.SITE_NAME} volunteers (a sighting accepted by a moderator), {imported} imported and not yet "
            f"verified" + (f" ({sources})." if sources else "."))
