"""The area lock (one camera per place under concurrency) and the review lock."""

import math
import random
from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from cameramap.moderation.errors import Conflict
from cameramap.cameras.history import Action, ModerationEvent
from cameramap.moderation.models import ReviewLock
from cameramap.moderation.services import locks
from tests.factories import report_make

from .test_dedup_scoring import moved


@pytest.mark.parametrize("lat", [0.0, 44.8176, 64.1, -33.9])
def test_any_place_within_the_radius_shares_a_locked_cell_with_the_report(lat):
    """A camera created at B is in B's cell; a report A within the radius of B must lock that
    cell, or the two could both create a camera."""
    rng = random.Random(3)
    for _ in range(2000):
        lon_a, lat_a = rng.uniform(-179, 179), lat + rng.uniform(-0.5, 0.5)
        lon_b, lat_b = moved(lon_a, lat_a, rng.uniform(0, 25), rng.uniform(0, 360))
        b_cell = locks._cell_key(math.floor(lon_b / locks.CELL_DEG), math.floor(lat_b / locks.CELL_DEG))
        cells = locks.area_cells(Point(lon_a, lat_a, srid=4326), 25)
        assert b_cell in cells
        assert cells == sorted(cells) and len(cells) <= 4  # sorted: no two transactions wait crosswise


@pytest.mark.django_db
def test_taking_ones_own_lock_again_extends_it_without_a_new_event(moderator):
    report = report_make()
    first = locks.review_lock_take(report=report, moderator=moderator)
    ReviewLock.objects.filter(pk=first.pk).update(expires_at=timezone.now() + timedelta(seconds=10))
    again = locks.review_lock_take(report=report, moderator=moderator)
    assert again.expires_at > timezone.now() + timedelta(seconds=200)
    assert ModerationEvent.objects.filter(report=report, action=Action.LOCK).count() == 1


@pytest.mark.django_db
def test_only_the_holder_releases_a_lock(moderator, other_moderator):
    report = report_make()
    locks.review_lock_take(report=report, moderator=moderator)
    with pytest.raises(Conflict):
        locks.review_lock_take(report=report, moderator=other_moderator)
    assert locks.review_lock_release(report=report, moderator=other_moderator) is False
    assert locks.review_lock_release(report=report, moderator=moderator) is True
    assert locks.review_lock_take(report=report, moderator=other_moderator).moderator == other_moderator
