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


def _statistics_schema() -> dict:
    types = {"id": "integer", "name": "string", "population": "integer", "area_km2": "number", "cameras": "integer",
             "per_km2": "number", "per_1000": "number"}
    return {"fields": [{"name": c, "type": types.get(c, "integer")} for c in CSV_COLUMNS], "missingValues": [""]}


def _exposure_schema() -> dict:
    types = {"area_id": "integer", "area": "string", "scope": "string", "cameras_counted": "integer",
             "verified_only": "boolean", "street_m": "number", "watched_m": "number", "share": "number",
             "computed_at": "datetime"}
    return {"fields": [{"name": c, "type": types[c]} for c in EXPOSURE_CSV_COLUMNS], "missingValues": [""]}


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
