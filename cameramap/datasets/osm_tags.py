"""OpenStreetMap ``man_made=surveillance`` tags ↔ our attributes. One table, read both ways."""

import re
from datetime import date, datetime

from django.utils import timezone

from cameramap.cameras import vocabulary as v

CARDINALS = {
    name: i * 22.5
    for i, name in enumerate("N NNE NE ENE E ESE SE SSE S SSW SW WSW W WNW NW NNW".split())
}
_RANGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s*$")

# OSM key → our field, for the enumerated keys whose values are OSM's own spellings.
ENUM_TAGS = {
    "surveillance": ("surveillance", v.Surveillance),
    "surveillance:type": ("surveillance_type", v.SurveillanceType),
    "camera:type": ("camera_type", v.CameraType),
    "camera:mount": ("mount", v.Mount),
    "surveillance:zone": ("zone", v.Zone),
}
TEXT_TAGS = {"operator": "operator", "manufacturer": "manufacturer", "model": "model"}


def parse_one_direction(token: str) -> int | None:
    token = token.strip().upper()
    if not token:
        return None
    if token in CARDINALS:
        return round(CARDINALS[token]) % 360
    match = _RANGE.match(token)
    if match:
        # A range "a-b" is a field of view: the camera faces its middle (clockwise from a to b).
        start, end = float(match[1]), float(match[2])
        width = (end - start) % 360
        return round(start + width / 2) % 360
    try:
        degrees = float(token)
    except ValueError:
        return None
    if not 0 <= degrees <= 360:
        return None
    return round(degrees) % 360


def parse_directions(value) -> list[int]:
    """``camera:direction`` → degrees: numbers, cardinal letters, ``;`` lists, ``a-b`` ranges.
    Unreadable parts are dropped; duplicates removed, order kept, at most MAX_DIRECTIONS."""
    if value is None:
        return []
    if isinstance(value, (int, float)):
        parts = [str(value)]
    else:
        parts = str(value).split(";")
    found: list[int] = []
    for part in parts:
        degrees = parse_one_direction(part)
        if degrees is not None and degrees not in found:
            found.append(degrees)
    return found[: v.MAX_DIRECTIONS]


# OSM's dates of a survey: when a mapper last checked the camera was there, when it was surveyed.
DATE_TAGS = ("check_date", "survey:date")
_OSM_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?\s*$")


def osm_date(value: str | None) -> date | None:
    """``2021-05-17``, ``2021-05`` or ``2021`` (as OSM writes dates) → the day, the first of the
    month or of the year; None for anything else or an impossible day."""
    match = _OSM_DATE.match(value or "")
    if match is None:
        return None
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def attested_days(tags: dict[str, str], timestamp: datetime | None) -> list[date]:
    """The days an OSM record attests the camera was there: its check_date and survey:date, and
    the day the version we read was made. Never the day we import it."""
    days = [osm_date(tags.get(key)) for key in DATE_TAGS]
    if timestamp is not None:
        days.append(timezone.localdate(timestamp) if timezone.is_aware(timestamp) else timestamp.date())
    return [day for day in days if day is not None]


def attributes_from_tags(tags: dict[str, str]) -> dict:
    """OSM tags → our attribute fields. Values outside our vocabulary are left at "unknown"."""
    attrs: dict = {}
    for key, (field, enum) in ENUM_TAGS.items():
        value = tags.get(key)
        if value in enum.values and value != "":
            attrs[field] = value
    for key, field in TEXT_TAGS.items():
        if tags.get(key):
            attrs[field] = tags[key].strip()[:200 if field == "operator" else 100]
    if "manufacturer" not in attrs and tags.get("brand"):
        attrs["manufacturer"] = tags["brand"].strip()[:100]
    if tags.get("height"):
        try:
            height = float(tags["height"].replace("m", "").strip())
        except ValueError:
            height = None
        if height is not None and 0 <= height <= 300:
            attrs["height"] = height
    directions = parse_directions(tags.get("camera:direction") or tags.get("direction"))
    if directions:
        attrs["directions"] = directions
    return attrs


def _tags(get) -> dict[str, str]:
    """Our attributes → OSM tags, ``get(field)`` giving each attribute's value."""
    tags = {"man_made": "surveillance"}
    for key, (field, _enum) in ENUM_TAGS.items():
        value = get(field)
        if value:
            tags[key] = value
    for key, field in TEXT_TAGS.items():
        value = get(field)
        if value:
            tags[key] = value
    directions = get("directions")
    if directions:
        tags["camera:direction"] = directions if isinstance(directions, str) else ";".join(str(d) for d in directions)
    height = get("height")
    if height is not None and height != "":
        tags["height"] = height if isinstance(height, str) else format_height(height)
    return tags


def format_height(height: float) -> str:
    """3.0 → "3", 2.5 → "2.5": the shortest text that reads back as the same number."""
    return str(int(height)) if float(height).is_integer() else repr(float(height))


def tags_from_camera(camera) -> dict[str, str]:
    """Our camera → OSM tags (the export direction)."""
    return _tags(lambda field: getattr(camera, field))


def tags_from_row(row, index: dict[str, int]) -> dict[str, str]:
    """A dataset row (text values, see ``datasets.columns``) → OSM tags."""
    return _tags(lambda field: row[index[field]])


def tags_from_fixture_record(record: dict) -> dict[str, str]:
    """The DeFlock fixture's flattened record → the OSM tags it was made from."""
    tags = {"man_made": "surveillance", "surveillance:type": "ALPR", "surveillance": "public"}
    direction = record.get("directionCardinal")
    if direction is None and record.get("direction") is not None:
        direction = str(record["direction"])
    if direction is not None:
        tags["camera:direction"] = str(direction)
    for source, key in (("operator", "operator"), ("brand", "manufacturer"), ("surveillanceZone", "surveillance:zone"), ("mountType", "camera:mount")):
        if record.get(source):
            tags[key] = str(record[source])
    return tags
