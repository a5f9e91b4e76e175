"""Streets for the coverage tests: the exposure tests' grid (two 200 m streets crossing at a
point in Belgrade, a motorway, districts "Whole" and "East"), and a street far away."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.exposure.conftest import area_m, grid, lonlat, street_m  # noqa: F401

FAR_WAY = 99


@pytest.fixture(autouse=True)
def limits_reset():
    """The report limits count in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def far_street(grid):  # noqa: F811
    """A street 20 km east of the grid."""
    return street_m(FAR_WAY, [(20_000, 0), (20_100, 0)])


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


__all__ = ["area_m", "grid", "lonlat", "street_m", "days_ago"]
