"""Reading where volunteers have looked, as the public may see it: only days whose publication
delay has passed (``last_public_day``).

A street counts as looked at on a day when a survey named it for that day (models.StreetLook), or
when a report made that day and accepted by a moderator lies within COVERAGE_REPORT_RADIUS_M of
it (the nearest such street): whoever photographed a camera there looked. Reports are matched
when read, against the streets as they are now, so nothing about them is copied here.
"""

from datetime import date, datetime, time, timedelta

import numpy as np
import shapely
import shapely.geometry
from django.contrib.gis.db.models.functions import AsWKB
from django.db.models import Max
from django.utils import timezone
from shapely import wkb

from cameramap.cameras import vocabulary as v
from cameramap.cameras.models import Report
from cameramap.city.models import StreetSegment
from cameramap.exposure.fov import LocalProjection
from cameramap.exposure.services import NOT_WALKABLE
from cameramap.geo import Bbox, envelope, in_bbox

from . import conf
from .models import StreetLook

ACCEPTED = (v.ReportStatus.APPROVED, v.ReportStatus.MERGED)


def walkable_segments():
    """The street segments a person on foot can walk (the exposure figures' streets)."""
    return StreetSegment.objects.exclude(highway__in=NOT_WALKABLE)


def publication_starts(day: date) -> datetime:
    """When the looks of ``day`` become public: the end of that day (the city's time zone), plus
    COVERAGE_DELAY_H. Whatever the hour of the walk, at least the delay has passed."""
    midnight = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    return midnight + timedelta(hours=conf.delay_hours())


def last_public_day(now: datetime | None = None) -> date:
    """The last day whose looks the public may see now."""
    now = now or timezone.now()
    return timezone.localdate(now - timedelta(hours=conf.delay_hours())) - timedelta(days=1)


def _shape(geometry):
    return wkb.loads(bytes(geometry.wkb))


def survey_looks(way_ids, until: date) -> dict[int, date]:
    """{way id: the last day a survey named it}, up to ``until``."""
    rows = (StreetLook.objects.filter(day__lte=until, way_id__in=list(way_ids)).values("way_id")
            .annotate(last=Max("day")).values_list("way_id", "last"))
    return dict(rows)


def report_looks(segments: dict[int, object], until: date) -> dict[int, date]:
    """{way id: the last day an accepted report was made near it}, up to ``until``, for these
    segments ({way id: shapely line in degrees}): each report counts for its nearest street
    within the radius."""
    if not segments:
        return {}
    ways = np.array(list(segments.keys()))
    lines = list(segments.values())
    west, south, east, north = shapely.total_bounds(lines)
    radius = conf.report_radius_m()
    south_west, north_east = envelope(west, south, radius), envelope(east, north, radius)
    box = Bbox(south_west.west, south_west.south, north_east.east, north_east.north)
    last_moment = timezone.make_aware(datetime.combine(until + timedelta(days=1), time.min))
    reports = in_bbox(Report.objects.filter(status__in=ACCEPTED, created_at__lt=last_moment), box)
    rows = list(reports.values_list("location", "created_at"))
    if not rows:
        return {}
    local = LocalProjection((west + east) / 2, (south + north) / 2)
    tree = shapely.STRtree([local.to_metres(line) for line in lines])
    points = local.to_metres(shapely.points([(p.x, p.y) for p, _made in rows]))
    (which_point, which_line) = tree.query_nearest(points, max_distance=radius, all_matches=False)
    looks: dict[int, date] = {}
    for point_index, line_index in zip(which_point, which_line):
        way = int(ways[line_index])
        day = timezone.localdate(rows[point_index][1])
        if way not in looks or looks[way] < day:
            looks[way] = day
    return looks


def last_looks(segments: dict[int, object], until: date) -> dict[int, date]:
    """{way id: the last public day it was looked at} for these segments; absent: never."""
    looks = report_looks(segments, until)
    for way, day in survey_looks(segments.keys(), until).items():
        if way not in looks or looks[way] < day:
            looks[way] = day
    return looks


def segments_in(bbox: Bbox | None) -> dict[int, object]:
    """{way id: shapely line} of the walkable segments in the box (everywhere when None), read as
    WKB and made into shapes at once (no GEOS object per row: a city has tens of thousands)."""
    segments = walkable_segments()
    if bbox is not None:
        segments = in_bbox(segments, bbox, "geometry")
    rows = list(segments.annotate(wkb=AsWKB("geometry")).values_list("osm_id", "wkb"))
    shapes = shapely.from_wkb([bytes(wkb) for _way, wkb in rows])
    return dict(zip((way for way, _wkb in rows), shapes))


def segment_names(way_ids) -> dict[int, str]:
    return dict(StreetSegment.objects.filter(osm_id__in=list(way_ids)).values_list("osm_id", "name"))


def street_states(bbox: Bbox, *, recent_since: date, now: datetime | None = None) -> list[dict]:
    """The walkable streets in the box as GeoJSON features (id: the way id) with their ``name``, ``looked_on``
    (the last public day someone looked, or null) and ``state``: ``never``, ``stale`` (not since
    ``recent_since``) or ``recent`` — the layer "where nobody has looked yet"."""
    segments = segments_in(bbox)
    looks = last_looks(segments, last_public_day(now))
    names = segment_names(segments.keys())
    features = []
    for way, line in sorted(segments.items()):
        day = looks.get(way)
        state = "never" if day is None else "recent" if day >= recent_since else "stale"
        features.append({"type": "Feature", "id": way, "geometry": shapely.geometry.mapping(line),
                         "properties": {"name": names.get(way, ""), "looked_on": day.isoformat() if day else None,
                                        "state": state}})
    return features
