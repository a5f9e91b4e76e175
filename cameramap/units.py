"""Distances written for people, in the active language's number format: "8.5 m", "312 m",
"1.2 km", "6,937.5 km" in English; "8,5 m", "312 m", "1,2 km", "6.937,5 km" in Serbian — never
"6937543 m". The page scripts write them by the same rule (``formatDistance`` in
static/cameramap/util.js, whose Intl rounds halves away from zero, as here). Numbers that
machines read (the API's ``distance_m``, coordinates) stay plain numbers in metres."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

NBSP = "\u00a0"  # the number and its unit never part at the end of a line


def distance_text(metres: float) -> str:
    """One decimal under 10 m, whole metres under 1 km, then kilometres with one decimal; a
    decimal that is zero is left out ("1 km", not "1.0 km")."""
    if metres < 9.95:
        value, decimals, unit = metres, 1, "m"
    elif metres < 999.5:
        value, decimals, unit = metres, 0, "m"
    else:
        value, decimals, unit = metres / 1000, 1, "km"
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        rounded, decimals = rounded.to_integral_value(), 0
    return f"{number_format(rounded, decimal_pos=decimals, force_grouping=True)}{NBSP}{unit}"
