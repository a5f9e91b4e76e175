"""Statistics per district and for the whole city: read-only selectors, cached.

What is counted: published cameras (merged ones count once, under the camera they were merged
into) that are still on the street — status present or covered; removed cameras are history,
not surveillance. Per district: cameras, per km² (geodesic area of the boundary), per 1,000
residents (only where the population is known), how many of them are verified (a volunteer's
sighting accepted) and how many imported (an outside source only; by source: OpenStreetMap, an
official list, the site's staff for a camera of the crowd's source), and the split by operator
type, camera type, facial recognition and notice sign, of all of them and (``verified_by``) of the
verified ones, with the verified cameras' own rates. "Verified per month" counts the verified
cameras by the month of their first verified sighting, removed ones included: it is the history
of the work, and imported cameras are no part of it.
"""

import csv
import io
from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from cameramap.cameras import vocabulary as v
from cameramap.cameras.areas import areas_version, districts
from cameramap.cameras.models import Area
from cameramap.cameras.selectors import cameras_published
from cameramap.geo import GeodesicArea
from cameramap.timeline.selectors import cameras_as_of

BREAKDOWNS = {
    "operator_type": v.OperatorType,
    "camera_type": v.CameraType,
    "facial_recognition": v.FacialRecognition,
    "sign_present": v.SignPresent,
}
LAYOUT = 3  # of the cached figures: 2 added imported_by_source, 3 verified_by and the verified rates
UNKNOWN_KEY = "unknown"  # the empty "don't know" value of camera_type, as a readable key


def cameras_shown(as_of: date | None = None):
    """Today's published cameras, or those of the end of ``as_of`` as they were then."""
    return cameras_published() if as_of is None else cameras_as_of(as_of)


def cameras_counted(as_of: date | None = None):
    return cameras_shown(as_of).exclude(status=v.CameraStatus.REMOVED)


def _key(value: str) -> str:
    return value or UNKNOWN_KEY


def _empty_sources() -> dict:
    return dict.fromkeys(v.Source.values, 0)


def _empty_counts() -> dict:
    return {name: {_key(value): 0 for value in enum.values} for name, enum in BREAKDOWNS.items()}


def _empty_breakdowns() -> dict:
    """The split by each attribute, of all the cameras and (``verified_by``) of the verified ones."""
    return {**_empty_counts(), "verified_by": _empty_counts()}


def _rates(row: dict) -> dict:
    cameras, km2, population = row["cameras"], row["area_km2"], row["population"]
    row["per_km2"] = round(cameras / km2, 4) if km2 else None
    row["per_1000"] = round(cameras * 1000 / population, 4) if population else None
    row["verified_per_km2"] = round(row["verified"] / km2, 4) if km2 else None
    row["verified_per_1000"] = round(row["verified"] * 1000 / population, 4) if population else None
    return row


def _compute(area_id: int | None = None, as_of: date | None = None) -> dict:
    areas = districts()
    if area_id is not None:
        areas = Area.objects.filter(id=area_id)
    rows = {
        a["id"]: {
            "id": a["id"], "name": a["name"], "slug": a["slug"], "population": a["population"],
            "area_km2": round(a["m2"] / 1e6, 3), "cameras": 0, "verified": 0, "imported": 0,
            "imported_by_source": _empty_sources(), **_empty_breakdowns(),
        }
        for a in areas.annotate(m2=GeodesicArea("boundary")).order_by("name", "id").values("id", "name", "slug", "population", "m2")
    }
    counted = cameras_counted(as_of)
    city = {"cameras": 0, "cameras_in_areas": 0, "verified": 0, "imported": 0, "imported_by_source": _empty_sources(),
            **_empty_breakdowns()}
    # Every count splits into verified (a volunteer's sighting accepted) and imported (an outside
    # source only): the two say different things, and a figure must say which it counts.
    verified = Count("id", filter=Q(verified_on__isnull=False))
    for entry in counted.values("area_id", "source").annotate(n=Count("id"), verified=verified).order_by():
        imported = entry["n"] - entry["verified"]
        for row in (city, rows.get(entry["area_id"])):
            if row is not None:
                row["verified"] += entry["verified"]
                row["imported"] += imported
                row["imported_by_source"][entry["source"]] = row["imported_by_source"].get(entry["source"], 0) + imported
    for name in BREAKDOWNS:
        for entry in counted.values("area_id", name).annotate(n=Count("id"), verified=verified).order_by():
            key, n = _key(entry[name]), entry["n"]
            for row in (city, rows.get(entry["area_id"])):
                if row is not None:
                    row[name][key] = row[name].get(key, 0) + n
                    row["verified_by"][name][key] = row["verified_by"][name].get(key, 0) + entry["verified"]
            if name == "operator_type" and entry["area_id"] in rows:
                rows[entry["area_id"]]["cameras"] += n
    city["cameras"] = sum(city["operator_type"].values())
    areas_list = [_rates(row) for row in rows.values()]
    city["cameras_in_areas"] = sum(r["cameras"] for r in areas_list)
    city["area_km2"] = round(sum(r["area_km2"] for r in areas_list), 3)
    known = [r for r in areas_list if r["population"]]
    city["population"] = sum(r["population"] for r in known) or None
    city["per_km2"] = round(city["cameras_in_areas"] / city["area_km2"], 4) if city["area_km2"] else None
    city["per_1000"] = (
        round(sum(r["cameras"] for r in known) * 1000 / city["population"], 4) if city["population"] else None
    )
    verified_in_areas = sum(r["verified"] for r in areas_list)
    city["verified_per_km2"] = round(verified_in_areas / city["area_km2"], 4) if city["area_km2"] else None
    city["verified_per_1000"] = (
        round(sum(r["verified"] for r in known) * 1000 / city["population"], 4) if city["population"] else None
    )
    return {"city": city, "areas": areas_list, "per_month": _per_month(area_id, as_of)}


def _per_month(area_id: int | None, as_of: date | None = None) -> list[dict]:
    cameras = cameras_shown(as_of).filter(verified_on__isnull=False)
    if area_id is not None:
        cameras = cameras.filter(area_id=area_id)
    months = defaultdict(int)
    for entry in cameras.annotate(month=TruncMonth("verified_on")).values("month").annotate(n=Count("id")).order_by("month"):
        month = entry["month"]
        if isinstance(month, str):  # SpatiaLite hands dates back as text in aggregates
            month = date.fromisoformat(month[:10])
        months[month.strftime("%Y-%m")] += entry["n"]
    return [{"month": month, "cameras": n} for month, n in sorted(months.items())]


def statistics(area_id: int | None = None, as_of: date | None = None) -> dict:
    """{"city": …, "areas": [one row per district], "per_month": […]}; with ``area_id``, the
    same for that one area (its row in ``areas``, its months in ``per_month``); with ``as_of``,
    the figures of the cameras at the end of that day."""
    # The layout's version is in the key: figures cached by an older release of the code, without
    # a newer key, are not read back after a deploy.
    key = f"datasets:statistics:{LAYOUT}:{areas_version()}:{area_id}:{as_of}"
    result = cache.get(key)
    if result is None:
        result = _compute(area_id, as_of)
        cache.set(key, result, timeout=settings.STATISTICS_CACHE_S)
    return result


def area_statistics(area_id: int, as_of: date | None = None) -> dict | None:
    data = statistics(area_id, as_of)
    if not data["areas"]:
        return None
    return {**data["areas"][0], "per_month": data["per_month"]}


# The figures of a row, then the split by each attribute of all cameras ("operator_type:police")
# and of the verified ones ("operator_type:police:verified").
FIGURES = ["id", "name", "population", "area_km2", "cameras", "verified", "imported", "per_km2", "per_1000",
           "verified_per_km2", "verified_per_1000"]
SPLITS = [(name, _key(value)) for name, enum in BREAKDOWNS.items() for value in enum.values]
CSV_COLUMNS = [*FIGURES, *(f"{name}:{key}" for name, key in SPLITS), *(f"{name}:{key}:verified" for name, key in SPLITS)]


def statistics_csv(as_of: date | None = None) -> str:
    """One row per district and a last row "city" with the totals: every camera counted (also
    those outside every district), the districts' area and known population, and the rates
    over the districts."""
    data = statistics(as_of=as_of)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    totals = {**data["city"], "id": "", "name": "city"}
    for row in [*data["areas"], totals]:
        values = [row.get(c) for c in FIGURES]
        values += [row[name].get(key, 0) for name, key in SPLITS]
        values += [row["verified_by"][name].get(key, 0) for name, key in SPLITS]
        writer.writerow(["" if value is None else value for value in values])
    return buffer.getvalue()
