"""Per district and for the city: how much of the walkable street length volunteers have looked
along (ever, and within the last N months), when someone last looked, and how many cameras our
volunteers verified per kilometre looked at. Only public days count (selectors.last_public_day).
Both the table and one district's figures are cached until what they are read from changes
(versions.py).

Lengths are measured as the exposure figures measure them (cameramap/exposure/services.py
``length_m``: on the sphere, vertex to vertex), for all pieces at once (``lengths_m``): a street
across a district's boundary counts in each district for its part inside.
"""

from datetime import date

import numpy as np
import shapely
from django.utils import timezone
from shapely import wkb

from cameramap.cameras.models import Area
from cameramap.cameras.selectors import cameras_published
from cameramap.geo import EARTH_RADIUS_M, Bbox

from .selectors import last_looks, last_public_day, segments_in
from .versions import figures_cached


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for candidate in range(day.day, 0, -1):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise ValueError(day)  # never: every month has a first day


def months_between(earlier: date, later: date) -> int:
    """Whole calendar months from ``earlier`` to ``later``."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


def lengths_m(geometries) -> np.ndarray:
    """The length in metres of each (multi)line of an array, in lon/lat degrees, on the sphere:
    the sum of the great-circle distances between consecutive vertices of each part (points and
    empty pieces count 0) — exposure's ``length_m`` for a whole array in a few numpy calls."""
    geometries = np.asarray(geometries, dtype=object)
    parts, owner = shapely.get_parts(geometries, return_index=True)
    while len(parts) and np.any(shapely.get_type_id(parts) >= 4):  # a collection holding multi-parts
        parts, inner = shapely.get_parts(parts, return_index=True)
        owner = owner[inner]
    coords, part_of = shapely.get_coordinates(parts, return_index=True)
    if len(coords) < 2:
        return np.zeros(len(geometries))
    xy = np.radians(coords)
    same = part_of[1:] == part_of[:-1]
    dlon, dlat = np.diff(xy[:, 0]), np.diff(xy[:, 1])
    h = np.sin(dlat / 2) ** 2 + np.cos(xy[:-1, 1]) * np.cos(xy[1:, 1]) * np.sin(dlon / 2) ** 2
    steps = np.where(same, 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(h))), 0.0)
    per_part = np.bincount(part_of[:-1], weights=steps, minlength=len(parts))
    return np.bincount(owner, weights=per_part, minlength=len(geometries))


def _verified_points() -> np.ndarray:
    cameras = cameras_published().filter(status="present", verified_on__isnull=False)
    coords = [(p.x, p.y) for p in cameras.values_list("location", flat=True)]
    return shapely.points(np.array(coords, dtype=float).reshape(-1, 2))


def _figures(pieces: list[tuple[int, object]], looks: dict, *, recent_since: date, today: date, cameras: int) -> dict:
    metres = lengths_m([line for _way, line in pieces])
    days = [looks.get(way) for way, _line in pieces]
    looked = np.array([day is not None for day in days], dtype=bool)
    recent = np.array([day is not None and day >= recent_since for day in days], dtype=bool)
    street = float(metres.sum())
    surveyed = float(metres[looked].sum()) if len(metres) else 0.0
    recent_m = float(metres[recent].sum()) if len(metres) else 0.0
    last = max((day for day in days if day is not None), default=None)
    return {
        "street_m": round(street, 1),
        "surveyed_m": round(surveyed, 1),
        "surveyed_share": round(surveyed / street, 4) if street else None,
        "not_looked_at_m": round(street - recent_m, 1),
        "not_looked_at_share": round((street - recent_m) / street, 4) if street else None,
        "last_looked_on": last.isoformat() if last else None,
        "months_since_looked": months_between(last, today) if last else None,
        "verified_cameras": cameras,
        "cameras_per_surveyed_km": round(cameras / (surveyed / 1000), 2) if surveyed else None,
    }


def _clipped(region, ways: np.ndarray, lines: np.ndarray, tree) -> list[tuple[int, object]]:
    hits = tree.query(region, predicate="intersects")
    parts = shapely.intersection(lines[hits], region)
    return [(int(ways[i]), part) for i, part in zip(hits, parts) if not part.is_empty]


class _Streets:
    """The walkable streets (of one box, or everywhere), their public looks and the verified
    cameras: what the figures of one or more districts are read from."""

    def __init__(self, *, months: int, now, bbox: Bbox | None):
        self.until = last_public_day(now)
        self.today = timezone.localdate(now) if now else timezone.localdate()
        self.recent_since = months_before(self.today, months)
        segments = segments_in(bbox)
        self.looks = last_looks(segments, self.until)
        self.ways = np.array(list(segments.keys()), dtype=np.int64)
        self.lines = np.array(list(segments.values()), dtype=object)
        self.tree = shapely.STRtree(self.lines)
        self.points = _verified_points()

    def figures(self, pieces, cameras: int) -> dict:
        return _figures(pieces, self.looks, recent_since=self.recent_since, today=self.today, cameras=cameras)

    def city(self) -> dict:
        return self.figures(list(zip(self.ways.tolist(), self.lines)), len(self.points))

    def area(self, area: Area) -> dict:
        region = wkb.loads(bytes(area.boundary.wkb))
        points = self.points
        inside = int(np.count_nonzero(shapely.contains_xy(region, shapely.get_x(points), shapely.get_y(points)))) \
            if len(points) else 0
        return {"area": {"id": area.id, "name": area.name, "slug": area.slug},
                **self.figures(_clipped(region, self.ways, self.lines, self.tree), inside)}


def coverage_table(*, months: int, now=None) -> dict:
    """{"months", "public_until", "city": figures, "areas": [{"area": {...}, **figures}, …]}: the
    districts by name, the city over every walkable street. Cached until what it is read from
    changes (versions.py): a second read costs one query."""
    now = now or timezone.now()
    return figures_cached("table", months=months, now=now, compute=lambda: table_compute(months=months, now=now))


def table_compute(*, months: int, now=None) -> dict:
    """coverage_table() computed from the database, without the cache."""
    streets = _Streets(months=months, now=now, bbox=None)
    areas = [streets.area(area) for area in Area.objects.filter(is_service_area=False).order_by("name", "id")]
    return {"months": months, "public_until": streets.until.isoformat(), "city": {"area": None, **streets.city()},
            "areas": areas}


def area_coverage(area: Area, *, months: int, now=None) -> dict:
    """One district's figures, read from the streets in its box only; cached like the table."""
    now = now or timezone.now()
    return figures_cached(f"area:{area.id}", months=months, now=now,
                          compute=lambda: area_compute(area, months=months, now=now))


def area_compute(area: Area, *, months: int, now=None) -> dict:
    """area_coverage() computed from the database, without the cache."""
    west, south, east, north = area.boundary.extent
    streets = _Streets(months=months, now=now, bbox=Bbox(west, south, east, north))
    return {"months": months, "public_until": streets.until.isoformat(), **streets.area(area)}
