"""The Frictionless Data Package descriptor (``datapackage.json``, Data Package spec v1) and the
licence file of a release: what a researcher's tools read to know what the files are, how
they are typed, who made them and under which licence."""

from django.conf import settings

from cameramap.exposure.selectors import EXPOSURE_CSV_COLUMNS

from .columns import COLUMNS
from .provenance import summary_text
from .release_official import comparison_schema, is_comparison_csv
from .statistics import CSV_COLUMNS

LICENCES = {
    "ODbL-1.0": ("Open Data Commons Open Database License 1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
    "ODC-By-1.0": ("Open Data Commons Attribution License 1.0", "https://opendatacommons.org/licenses/by/1-0/"),
    "PDDL-1.0": ("Open Data Commons Public Domain Dedication and License 1.0", "https://opendatacommons.org/licenses/pddl/1-0/"),
    "CC-BY-4.0": ("Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": ("Creative Commons Attribution Share-Alike 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC0-1.0": ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
}


def licence(name: str) -> dict:
    title, path = LICENCES.get(name, (name, None))
    entry = {"name": name, "title": title}
    if path:
        entry["path"] = path
    return entry


def _resource_name(filename: str) -> str:
    return filename.lower().replace(".", "-")


REQUIRED = ("id", "lon", "lat", "confirmations", "verified")


def _cameras_schema() -> dict:
    fields = []
    for column in COLUMNS:
        field = {"name": column.name, "type": column.type, "description": column.description}
        if column.type == "boolean":
            field.update(trueValues=["true"], falseValues=["false"])  # exactly what the files hold
        if column.type in ("integer", "number", "date", "boolean"):
            field["constraints"] = {"required": column.name in REQUIRED}
        fields.append(field)
    return {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}


# What each column of statistics.csv counts; the split columns are described by their pattern.
STATISTICS_FIELDS = {
    "id": ("integer", "The district's id; empty on the last row, the whole city."),
    "name": ("string", "The district's name; \"city\" on the last row."),
    "population": ("integer", "Residents, where known (the city: the districts with a known population)."),
    "area_km2": ("number", "The district's area in km² (geodesic)."),
    "cameras": ("integer", "Published cameras still on the street (present or covered), verified and imported "
                           "together; merged cameras count once."),
    "verified": ("integer", "Of them, verified: a volunteer's sighting of the camera was accepted by a moderator."),
    "imported": ("integer", "Of them, imported: known only from an outside source (OpenStreetMap, an official "
                            "list, a staff edit), not yet seen by our volunteers."),
    "per_km2": ("number", "cameras per km²."),
    "per_1000": ("number", "cameras per 1,000 residents, where the population is known."),
    "verified_per_km2": ("number", "verified cameras per km²."),
    "verified_per_1000": ("number", "verified cameras per 1,000 residents, where the population is known."),
}


def _statistics_field(column: str) -> dict:
    if column in STATISTICS_FIELDS:
        kind, description = STATISTICS_FIELDS[column]
    else:
        name, key, *verified = column.split(":")
        which = "verified cameras" if verified else "cameras (verified and imported)"
        kind, description = "integer", f"The {which} whose {name} is {key}."
    return {"name": column, "type": kind, "description": description}


def _statistics_schema() -> dict:
    return {"fields": [_statistics_field(c) for c in CSV_COLUMNS], "missingValues": [""]}


EXPOSURE_FIELDS = {
    "area_id": ("integer", "The district's id; empty for the whole city."),
    "area": ("string", "The district's name, or the city's."),
    "scope": ("string", "Whose fields of view: all (every camera), police_city (police and city cameras), "
                        "facial_recognition (cameras with facial recognition)."),
    "cameras_counted": ("integer", "How many cameras of that scope the figure counts."),
    "verified_only": ("boolean", "true: verified cameras only; false: verified and imported."),
    "street_m": ("number", "Walkable street metres in the area."),
    "watched_m": ("number", "Of them, metres inside the fields of view counted."),
    "share": ("number", "watched_m / street_m."),
    "computed_at": ("datetime", "When the figure was computed."),
}


def _exposure_schema() -> dict:
    return {"fields": [{"name": c, "type": EXPOSURE_FIELDS[c][0], "description": EXPOSURE_FIELDS[c][1]}
                       for c in EXPOSURE_CSV_COLUMNS], "missingValues": [""]}


def datapackage(release, files: dict, *, counts: dict, attribution: str) -> dict:
    resources = []
    for filename, info in files.items():
        resource = {
            "name": _resource_name(filename), "path": filename, "format": info["format"],
            "mediatype": info["media_type"].split(";")[0], "bytes": info["size"], "hash": f"sha256:{info['sha256']}",
        }
        if filename == "cameras.csv":
            resource.update(profile="tabular-data-resource", encoding="utf-8", schema=_cameras_schema(),
                            dialect={"lineTerminator": "\n"})  # (the default is CRLF)
        elif filename == "statistics.csv":
            resource.update(profile="tabular-data-resource", encoding="utf-8", schema=_statistics_schema())
        elif filename == "exposure.csv":
            resource.update(profile="tabular-data-resource", encoding="utf-8", schema=_exposure_schema(),
                            dialect={"lineTerminator": "\n"})
        elif is_comparison_csv(filename):
            resource.update(profile="tabular-data-resource", encoding="utf-8", schema=comparison_schema(),
                            dialect={"lineTerminator": "\n"})
        else:
            resource["profile"] = "data-resource"
        resources.append(resource)
    imported_from = counts.get("imported_by_source", {})
    sources = []
    if counts.get("verified"):
        sources.append({"title": f"{settings.SITE_NAME} volunteers (verified: a sighting accepted by a moderator)"})
    if "OpenStreetMap" in attribution:
        sources.append({"title": "OpenStreetMap contributors", "path": "https://www.openstreetmap.org/copyright"})
    if imported_from.get("official"):
        sources.append({"title": "Official lists of cameras published by authorities (imported)"})
    if imported_from.get("crowd"):
        sources.append({"title": f"{settings.SITE_NAME} staff edits (imported)"})
    return {
        "profile": "data-package",
        "name": "cameramap-cameras",
        "id": f"cameramap-cameras-{release.version}",
        "title": f"{settings.SITE_NAME}: surveillance cameras, release {release.version}",
        "description": f"{summary_text(counts)} {attribution}",
        "version": release.version,
        "created": release.created_at.isoformat(),
        "licenses": [licence(release.licence)],
        "sources": sources,
        "keywords": ["surveillance", "cameras", "CCTV", "ALPR", "OpenStreetMap"],
        "resources": resources,
    }


def licence_text(release, attribution: str, *, counts: dict) -> str:
    entry = licence(release.licence)
    lines = [
        f"{settings.SITE_NAME}: surveillance cameras, release {release.version}",
        "",
        summary_text(counts),
        "",
        f"Licence: {entry['title']} ({entry['name']})" + (f" — {entry['path']}" if entry.get("path") else ""),
        "",
        attribution,
        "",
        f"Cite as: {settings.SITE_NAME} surveillance cameras, release {release.version} ({release.created_at:%Y-%m-%d}).",
        "",
    ]
    return "\n".join(lines)
