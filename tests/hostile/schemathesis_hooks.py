"""What schemathesis needs to know about our OpenAPI document besides the document itself: the
rules of a `bbox` and the days `as_of` takes, which JSON Schema cannot state.

The document gives a box's syntax as a pattern (four decimal numbers) and names its format
`bbox`, whose rules are in words: longitudes -180..180, latitudes -90..90, minlon < maxlon,
minlat < maxlat, on the list at most API_BBOX_MAX_DEGREES a side. A generator reading the pattern
alone writes boxes such as `0,0,0,0`, which the API rightly refuses; schemathesis would call that a
valid request refused. So, for the requests it means to be valid:

* the format `bbox` draws valid boxes (the fuzzing phase draws from it);
* `map_case` puts any other box a valid request carries to rights (the coverage and stateful
  phases fill a pattern, or reuse what answers held): its numbers sorted, clamped to the world and
  to the largest side. A request meant to be invalid is left as it is.

`as_of` is a date from the first record to today, bounds that move with the data and the clock
(the document says so in words): `map_case` moves the day a valid request carries, in its query or
its body, into those bounds, or leaves it out when there is no record yet.

The suite's test loads this module and registers the settings' bound; the command line loads it
as its hooks (`SCHEMATHESIS_HOOKS=tests.hostile.schemathesis_hooks st run …`, docs/testing.md)
with the default bound."""

import re
from datetime import date

import schemathesis
from hypothesis import strategies as st

MICRO = 1_000_000  # boxes are written in millionths of a degree, as the map writes them
DEFAULT_MAX_DEGREES = 10.0  # API_BBOX_MAX_DEGREES's default
_limits = {"max_degrees": DEFAULT_MAX_DEGREES, "days": None, "paths": {}}


def bbox_strategy(max_degrees: float) -> st.SearchStrategy[str]:
    """Valid boxes: inside the world, not inverted, not empty, at most ``max_degrees`` a side."""
    side = int(max_degrees * MICRO)

    @st.composite
    def boxes(draw):
        west = draw(st.integers(-180 * MICRO, 180 * MICRO - 1))
        east = draw(st.integers(west + 1, min(180 * MICRO, west + side)))
        south = draw(st.integers(-90 * MICRO, 90 * MICRO - 1))
        north = draw(st.integers(south + 1, min(90 * MICRO, south + side)))
        return _written(west, south, east, north)

    return boxes()


def _written(*micro: int) -> str:
    return ",".join(f"{value / MICRO:.6f}" for value in micro)


def _span(low: float, high: float, limit: int, side: int) -> tuple[int, int]:
    """Two numbers as an interval inside -limit..limit (in micro-degrees), ordered, not empty, at
    most ``side`` long."""
    low, high = sorted(max(-limit, min(limit, round(n * MICRO))) if n == n and abs(n) != float("inf") else 0
                       for n in (low, high))
    high = min(high, low + side)
    if high == low:
        low, high = (low - 1, low) if low > -limit else (low, low + 1)
    return low, high


def bbox_valid(value: str, max_degrees: float) -> str:
    """The box ``value`` put to rights (its numbers kept where they are already valid)."""
    west, south, east, north = (float(part) for part in value.split(","))
    side = int(max_degrees * MICRO)
    west, east = _span(west, east, 180 * MICRO, side)
    south, north = _span(south, north, 90 * MICRO, side)
    return _written(west, south, east, north)


def day_valid(value: str, days: tuple[date, date]) -> str:
    """The day ``value`` moved into ``days`` (first, last)."""
    first, last = days
    return min(max(date.fromisoformat(value), first), last).isoformat()


def _as_of_valid(values: dict) -> None:
    day = values.get("as_of")
    if not isinstance(day, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        return
    if _limits["days"] is None:
        del values["as_of"]
    else:
        values["as_of"] = day_valid(day, _limits["days"])


@schemathesis.hook
def map_case(context, case):
    from cameramap.geo import BBOX_PATTERN

    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return case
    query = case.query
    if isinstance(query, dict):
        box = query.get("bbox")
        if isinstance(box, str) and re.fullmatch(BBOX_PATTERN, box):
            query["bbox"] = bbox_valid(box, _limits["paths"].get(case.path, _limits["max_degrees"]))
        _as_of_valid(query)
    if isinstance(case.body, dict):
        _as_of_valid(case.body)
    return case


def register(max_degrees: float = DEFAULT_MAX_DEGREES, days: tuple[date, date] | None = None,
             paths: dict[str, float] | None = None) -> None:
    """The bounds of this site: the largest box side (``paths``: another one for some paths), and
    the days as_of takes (first record, today)."""
    _limits["max_degrees"] = max_degrees
    _limits["days"] = days
    _limits["paths"] = paths or {}
    schemathesis.openapi.format("bbox", bbox_strategy(max_degrees))


register()
