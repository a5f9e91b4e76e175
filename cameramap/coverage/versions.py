"""What the coverage figures are read from, as one cache key, so that a table computed once is
served again until something it depends on changes — and never after.

The figures depend on:

* where volunteers looked: a survey recorded (services.survey_record), a report accepted near a
  street — every acceptance changes a camera and so comes as ``cameras_changed`` —, the
  streets themselves (``city_imported``). These move ``coverage_version()``, after the change
  commits, so no reader can cache old figures under the new number;
* the cameras counted per district and the districts: ``cameras_version()`` (any camera saved,
  the admin included) and ``areas_version()`` (districts changed, cameras changed in bulk);
* the clock: the last public day (the day's end plus COVERAGE_DELAY_H) and today (the
  "N months" window). Both are in the key, so a table cached before a day became public is not
  served after, nor the other way round: the publication delay holds across the cache;
* the settings they are read with (COVERAGE_DELAY_H, COVERAGE_REPORT_RADIUS_M), and ``LAYOUT``,
  moved when the figures' shape changes, so a deploy never reads an older release's tables.
"""

import hashlib
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from cameramap.cache_versions import CacheVersion
from cameramap.cameras.areas import areas_version
from cameramap.cameras.selectors import cameras_version

from . import conf
from .selectors import last_public_day

LOOKS = CacheVersion("coverage:looks-version")
LAYOUT = 1  # of the cached figures


def coverage_version() -> int:
    return LOOKS.get()


def coverage_changed() -> None:
    """Where volunteers looked, or the streets, changed: once the current transaction commits
    (at once outside one), every cached table is stale."""
    LOOKS.bump_on_commit()


def coverage_changed_receiver(sender, **kwargs) -> None:
    """``cameras_changed`` (a report accepted, a camera changed) and ``city_imported`` (new
    streets), connected in apps.py; both are sent after their commit."""
    coverage_changed()


def figures_key(name: str, *, months: int, now: datetime) -> str:
    """The cache key of figures ``name`` for ``months`` read at ``now``."""
    state = (LAYOUT, coverage_version(), areas_version(), cameras_version(), conf.delay_hours(),
             conf.report_radius_m(), last_public_day(now).isoformat(), timezone.localdate(now).isoformat())
    digest = hashlib.sha1(repr(state).encode()).hexdigest()
    return f"coverage:{name}:{months}:{digest}"  # no spaces: any cache takes it


def figures_cached(name: str, *, months: int, now: datetime, compute: Callable[[], dict]) -> dict:
    """The figures under their key, computed (and kept for STATISTICS_CACHE_S, like /data/'s other
    figures) only when they are not there."""
    key = figures_key(name, months=months, now=now)
    figures = cache.get(key)
    if figures is None:
        figures = compute()
        cache.set(key, figures, timeout=settings.STATISTICS_CACHE_S)
    return figures
