"""The few facts moderators need from a photo's metadata, read before all of it is dropped.

Kept (privately, for moderation): GPS latitude/longitude, its horizontal error when the phone
wrote one, the compass heading the phone faced (GPSImgDirection), and when the photo was taken.
Everything else — device make and model, serial numbers, software, maker notes, embedded
thumbnails, XMP, IPTC — is never read into anything that is stored.

Real files carry broken, empty and nonsensical values (0/0 rationals, "0000:00:00", GPS at
0°,0°): every reader here returns None for what it cannot trust rather than failing the photo.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo

from PIL import Image

EXIF_IFD, GPS_IFD = 0x8769, 0x8825
DATETIME = 0x0132
DATETIME_ORIGINAL, DATETIME_DIGITIZED, OFFSET_TIME_ORIGINAL = 0x9003, 0x9004, 0x9011
GPS_LAT_REF, GPS_LAT, GPS_LON_REF, GPS_LON = 1, 2, 3, 4
GPS_TIME, GPS_IMG_DIRECTION, GPS_DATE, GPS_H_ERROR = 7, 17, 29, 31
EARLIEST_PHOTO_YEAR = 1990


@dataclass(frozen=True)
class PhotoMetadata:
    lat: float | None = None
    lon: float | None = None
    accuracy_m: float | None = None
    heading: float | None = None  # degrees clockwise from north the phone faced, 0 <= h < 360
    taken_at: datetime | None = None  # timezone-aware

    @property
    def has_location(self) -> bool:
        return self.lat is not None and self.lon is not None


def metadata_read(image: Image.Image, *, default_tz: tzinfo = timezone.utc) -> PhotoMetadata:
    """GPS position, heading and capture time of an opened image. ``default_tz`` is used for a
    capture time written without an offset (cameras write local time)."""
    try:
        exif = image.getexif()
        gps = exif.get_ifd(GPS_IFD)
        exif_ifd = exif.get_ifd(EXIF_IFD)
    except Exception:  # a broken EXIF block: the photo is still usable, the metadata is not
        return PhotoMetadata()
    lat, lon = _position(gps)
    return PhotoMetadata(
        lat=lat,
        lon=lon,
        accuracy_m=_positive(gps.get(GPS_H_ERROR)) if lat is not None else None,
        heading=_heading(gps.get(GPS_IMG_DIRECTION)),
        taken_at=_taken_at(exif, exif_ifd, gps, default_tz),
    )


def _number(value) -> float | None:
    if isinstance(value, (tuple, list)) and len(value) == 1:
        value = value[0]
    try:
        number = float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return number if math.isfinite(number) else None


def _positive(value) -> float | None:
    number = _number(value)
    return number if number is not None and number >= 0 else None


def _degrees(dms) -> float | None:
    """(degrees, minutes, seconds) rationals, or a single decimal value, to decimal degrees."""
    if not isinstance(dms, (tuple, list)):
        return _number(dms)
    parts = [_number(part) for part in dms[:3]]
    if not parts or any(part is None or part < 0 for part in parts):
        return None
    degrees, minutes, seconds = (parts + [0.0, 0.0])[:3]
    return degrees + minutes / 60 + seconds / 3600


def _ref(value) -> str:
    if isinstance(value, bytes):
        value = value.decode("ascii", "ignore")
    return str(value or "").strip("\x00 ").upper()[:1]


def _position(gps) -> tuple[float | None, float | None]:
    lat, lon = _degrees(gps.get(GPS_LAT)), _degrees(gps.get(GPS_LON))
    if lat is None or lon is None:
        return None, None
    if _ref(gps.get(GPS_LAT_REF)) == "S":
        lat = -lat
    if _ref(gps.get(GPS_LON_REF)) == "W":
        lon = -lon
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None, None  # out of range, or the 0°,0° that receivers write without a fix
    return lat, lon


def _heading(value) -> float | None:
    heading = _number(value)
    if heading is None or not 0 <= heading <= 360:
        return None
    return heading % 360


def _text(value) -> str:
    if isinstance(value, bytes):
        value = value.decode("ascii", "ignore")
    return str(value or "").strip("\x00 ")


def _plausible(moment: datetime) -> datetime | None:
    now = datetime.now(timezone.utc)
    return moment if EARLIEST_PHOTO_YEAR <= moment.year and moment <= now + timedelta(days=1) else None


def _taken_at(exif, exif_ifd, gps, default_tz: tzinfo) -> datetime | None:
    """The capture time, best source first: local time with its written offset; the GPS clock
    (UTC); local time without offset, taken to be in ``default_tz``."""
    local = _text(exif_ifd.get(DATETIME_ORIGINAL) or exif_ifd.get(DATETIME_DIGITIZED) or exif.get(DATETIME))
    try:
        naive = datetime.strptime(local[:19], "%Y:%m:%d %H:%M:%S") if local else None
    except ValueError:
        naive = None
    offset = _text(exif_ifd.get(OFFSET_TIME_ORIGINAL))
    if naive and offset:
        try:
            return _plausible(datetime.strptime(f"{local[:19]} {offset}", "%Y:%m:%d %H:%M:%S %z"))
        except ValueError:
            pass
    gps_moment = _gps_moment(gps)
    if gps_moment:
        return _plausible(gps_moment)
    if naive:
        return _plausible(naive.replace(tzinfo=default_tz))
    return None


def _gps_moment(gps) -> datetime | None:
    date, time = _text(gps.get(GPS_DATE)), gps.get(GPS_TIME)
    if not date or not isinstance(time, (tuple, list)) or len(time) != 3:
        return None
    parts = [_number(part) for part in time]
    if any(part is None or part < 0 for part in parts):
        return None
    try:
        day = datetime.strptime(date[:10], "%Y:%m:%d").replace(tzinfo=timezone.utc)
    except ValueError:
        return None
    hours, minutes, seconds = parts
    if hours >= 24 or minutes >= 60 or seconds >= 61:
        return None
    return day + timedelta(hours=int(hours), minutes=int(minutes), seconds=int(seconds))
