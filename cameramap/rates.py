"""Rates in DRF's syntax ("30/hour"), as the THROTTLE_* settings give them: read, and said in words."""

from django.utils.translation import gettext, ngettext

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """"30/hour" → (30, 3600): how many in how many seconds (DRF reads only the period's first letter)."""
    count, period = rate.split("/")
    return int(count), _PERIODS[period.strip()[0]]


def period_text(seconds: int) -> str:
    """A rate's period for "… per %s": "hour", "24 hours", "10 minutes"."""
    if seconds % 3600 == 0:
        n = seconds // 3600
        return gettext("hour") if n == 1 else ngettext("%(n)d hour", "%(n)d hours", n) % {"n": n}
    if seconds % 60 == 0:
        n = seconds // 60
        return gettext("minute") if n == 1 else ngettext("%(n)d minute", "%(n)d minutes", n) % {"n": n}
    return gettext("second") if seconds == 1 else ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
