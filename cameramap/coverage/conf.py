"""The coverage settings and their defaults, in one place (docs/coverage.md)."""

from django.conf import settings


def delay_hours() -> int:
    """Hours after the end of a survey's day before anyone can see it (COVERAGE_DELAY_H)."""
    return int(getattr(settings, "COVERAGE_DELAY_H", 24))


def max_segments() -> int:
    """The most streets one survey may name (COVERAGE_MAX_SEGMENTS)."""
    return int(getattr(settings, "COVERAGE_MAX_SEGMENTS", 300))


def max_span_m() -> float:
    """How far apart (the diagonal of their extent) a survey's streets may be (COVERAGE_MAX_SPAN_M)."""
    return float(getattr(settings, "COVERAGE_MAX_SPAN_M", 5000.0))


def max_age_days() -> int:
    """How many days back a survey's day may be, for phones that kept it offline (COVERAGE_MAX_AGE_DAYS)."""
    return int(getattr(settings, "COVERAGE_MAX_AGE_DAYS", 30))


def stale_months() -> int:
    """The default N of "not looked at for N months" (COVERAGE_STALE_MONTHS)."""
    return int(getattr(settings, "COVERAGE_STALE_MONTHS", 6))


def report_radius_m() -> float:
    """How near a street an accepted report must be to count as a look at it (COVERAGE_REPORT_RADIUS_M)."""
    return float(getattr(settings, "COVERAGE_REPORT_RADIUS_M", 25.0))
