"""Recording a survey: the streets a volunteer walked and looked along on one day.

``survey_record`` checks what a phone sent — streets we know and a person can walk, not too many,
not too far apart to be one walk, a day neither in the future nor too long ago — and stores one
(street, day) pair per street. It writes them in the order of their way ids, whatever order the
volunteer tapped them in, and skips pairs already there without saying so: the answer is the same
whether the streets were new for that day or not, so nobody can ask whether someone else walked
there today.
"""

from datetime import date, timedelta

import shapely
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cameramap.geo import distance_m

from . import conf
from .models import StreetLook
from .selectors import walkable_segments
from .versions import coverage_changed

SHOWN_UNKNOWN = 10  # unknown ids named in a refusal, at most


def _check_day(day: date, today: date) -> None:
    if day > today:
        raise ValidationError({"day": [_("The day is in the future: give the day you walked (today at the latest).")]})
    oldest = today - timedelta(days=conf.max_age_days())
    if day < oldest:
        raise ValidationError({"day": [_("The day is too long ago: surveys of the last %(days)d days are taken.")
                                       % {"days": conf.max_age_days()}]})


def _check_count(way_ids: set[int]) -> None:
    if not way_ids:
        raise ValidationError({"segments": [_("Name at least one street you walked.")]})
    if len(way_ids) > conf.max_segments():
        raise ValidationError({"segments": [_("At most %(max)d streets in one survey; send a longer walk in parts.")
                                            % {"max": conf.max_segments()}]})


def _known_geometries(way_ids: set[int]) -> dict[int, object]:
    """{way id: geometry} of the walkable streets among these; refuses the survey naming the rest."""
    found = dict(walkable_segments().filter(osm_id__in=way_ids).values_list("osm_id", "geometry"))
    unknown = sorted(way_ids - found.keys())
    if unknown:
        shown = ", ".join(str(way) for way in unknown[:SHOWN_UNKNOWN]) + (" …" if len(unknown) > SHOWN_UNKNOWN else "")
        raise ValidationError({"segments": [ngettext(
            "%(count)d street is not one we know (or not one a person can walk): %(ids)s.",
            "%(count)d streets are not ones we know (or not ones a person can walk): %(ids)s.",
            len(unknown)) % {"count": len(unknown), "ids": shown}]})
    return found


def _check_span(geometries) -> None:
    west, south, east, north = shapely.total_bounds([shapely.from_wkb(bytes(g.wkb)) for g in geometries])
    span = distance_m(west, south, east, north)
    if span > conf.max_span_m():
        raise ValidationError({"segments": [_(
            "These streets are %(span).1f km apart, too far for one walk (at most %(max).1f km): send each walk "
            "on its own.") % {"span": span / 1000, "max": conf.max_span_m() / 1000}]})


def survey_record(*, way_ids: list[int], day: date, today: date | None = None) -> int:
    """Store that the streets ``way_ids`` were looked along on ``day``. Returns how many streets
    the survey named. Raises ValidationError (by field: ``segments``, ``day``) for a survey we
    do not take."""
    today = today or timezone.localdate()
    _check_day(day, today)
    unique = set(way_ids)
    _check_count(unique)
    _check_span(_known_geometries(unique).values())
    rows = [StreetLook(way_id=way, day=day) for way in sorted(unique)]
    with transaction.atomic():
        StreetLook.objects.bulk_create(rows, ignore_conflicts=True)
        coverage_changed()  # the cached figures are stale once these rows commit
    return len(unique)

