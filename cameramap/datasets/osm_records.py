"""What the OpenStreetMap readers share: the record they yield, their error, and the small
parsers of OSM's values (gzip or not, ids, coordinates, timestamps)."""

import gzip
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class OsmCamera:
    osm_type: str
    osm_id: int
    lon: float
    lat: float
    tags: dict
    version: int | None = None
    timestamp: datetime | None = field(default=None, compare=False)


class OsmReadError(ValueError):
    pass


@dataclass
class RecordCount:
    records: int = 0  # everything the file holds that could have been a camera


def osm_open(path: Path):
    path = Path(path)
    return gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")


def osm_timestamp(value) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def osm_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def osm_float(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number else None  # not NaN


def is_camera(tags: dict) -> bool:
    return tags.get("man_made") == "surveillance"
