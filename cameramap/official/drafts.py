"""From rows to entries (not yet stored): each row's reference, name, address and raw values,
and its place when the row gives coordinates. Every value is checked, and the first wrong one
stops the import with its row and column named: nothing is half-imported.

A row without coordinates keeps its address for locate.py; a row with neither is unlocated with
the reason. 0,0 is taken for "no coordinates" (lists fill empty cells with it), not for a camera
in the Gulf of Guinea."""

import math
import re
from dataclasses import dataclass, field

from django.contrib.gis.geos import GEOSException, GEOSGeometry, Point
from django.utils.translation import gettext as _

from cameramap.cameras import vocabulary as v

from .columns import Columns
from .errors import OfficialImportError
from .readers import Table

NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
ALPR_WORDS = ("alpr", "anpr", "lpr", "tablic", "registarsk", "plate")


@dataclass
class Draft:
    row: int
    ref: str
    name: str = ""
    address: str = ""
    raw: dict = field(default_factory=dict)
    lon: float | None = None
    lat: float | None = None
    precision_m: float | None = None
    located_by: str = "unlocated"
    reason: str = ""
    surveillance_type: str = ""
    directions: list[int] = field(default_factory=list)

    @property
    def located(self) -> bool:
        return self.lon is not None


def _number(text: str, row: int, column: str) -> float:
    cleaned = text.strip().replace("\u2212", "-").replace(" ", "")
    if not NUMBER.match(cleaned):
        raise OfficialImportError(_("“%(value)s” is not a number.") % {"value": text[:40]}, row=row, column=column)
    value = float(cleaned.replace(",", "."))
    if not math.isfinite(value):
        raise OfficialImportError(_("“%(value)s” is not a number.") % {"value": text[:40]}, row=row, column=column)
    return value


def _degrees(draft: Draft, lat_text: str, lon_text: str, columns: Columns) -> None:
    if not lat_text.strip() and not lon_text.strip():
        return
    if not lat_text.strip() or not lon_text.strip():
        missing = columns.lat if not lat_text.strip() else columns.lon
        raise OfficialImportError(_("empty, while the other coordinate is given."), row=draft.row, column=missing)
    lat = _number(lat_text, draft.row, columns.lat)
    lon = _number(lon_text, draft.row, columns.lon)
    if lat == 0 and lon == 0:
        draft.reason = _("the coordinates are 0,0")
        return
    if not -90 <= lat <= 90:
        hint = _(" The latitude and longitude columns look swapped.") if -90 <= lon <= 90 else ""
        raise OfficialImportError(_("%(value)s is not a latitude (-90 to 90).%(hint)s") % {"value": lat_text, "hint": hint},
                                  row=draft.row, column=columns.lat)
    if not -180 <= lon <= 180:
        raise OfficialImportError(_("%(value)s is not a longitude (-180 to 180).") % {"value": lon_text}, row=draft.row, column=columns.lon)
    draft.lon, draft.lat, draft.precision_m, draft.located_by = lon, lat, 0.0, "coordinates"


def _projected(draft: Draft, geometry: GEOSGeometry, column: str) -> None:
    try:
        if geometry.srid and geometry.srid != 4326:
            geometry.transform(4326)
    except (GEOSException, ValueError) as error:
        raise OfficialImportError(_("cannot be reprojected: %(error)s") % {"error": error}, row=draft.row, column=column) from None
    point = geometry if geometry.geom_type == "Point" else geometry.centroid
    if point.empty:
        return
    if not (-180 <= point.x <= 180 and -90 <= point.y <= 90):
        raise OfficialImportError(_("the point falls outside the Earth: wrong coordinate system?"), row=draft.row, column=column)
    draft.lon, draft.lat, draft.precision_m, draft.located_by = point.x, point.y, 0.0, "coordinates"


def _type(text: str) -> str:
    low = text.casefold()
    if any(word in low for word in ALPR_WORDS):
        return v.SurveillanceType.ALPR
    return v.SurveillanceType.CAMERA if low else ""


def _directions(text: str) -> list[int]:
    values = [int(n) % 360 for n in re.findall(r"\d{1,3}", text) if int(n) < 360]
    return sorted(set(values))[:8]


def drafts_build(table: Table, columns: Columns) -> list[Draft]:
    drafts, seen = [], {}
    for row in table.rows:
        values = row.values
        ref = values.get(columns.ref, "").strip() if columns.ref else ""
        ref = ref or str(row.number)
        if len(ref) > 200:
            raise OfficialImportError(_("longer than 200 characters."), row=row.number, column=columns.ref)
        if ref in seen:
            raise OfficialImportError(_("the reference “%(ref)s” is also on row %(other)s.") % {"ref": ref, "other": seen[ref]},
                                      row=row.number, column=columns.ref or "")
        seen[ref] = row.number
        draft = Draft(row=row.number, ref=ref, raw=dict(values),
                      name=values.get(columns.name, "") if columns.name else "",
                      address=values.get(columns.address, "") if columns.address else "",
                      surveillance_type=_type(values.get(columns.type, "")) if columns.type else "",
                      directions=_directions(values.get(columns.direction, "")) if columns.direction else [])
        if columns.geometry and row.geometry is not None:
            lon, lat, precision = row.geometry
            if -180 <= lon <= 180 and -90 <= lat <= 90:
                draft.lon, draft.lat, draft.precision_m, draft.located_by = lon, lat, precision, "coordinates"
        elif columns.lat and columns.lon:
            _degrees(draft, values.get(columns.lat, ""), values.get(columns.lon, ""), columns)
        elif columns.x and columns.y and (values.get(columns.x, "").strip() or values.get(columns.y, "").strip()):
            x, y = _number(values.get(columns.x, ""), row.number, columns.x), _number(values.get(columns.y, ""), row.number, columns.y)
            _projected(draft, Point(x, y, srid=columns.srid), columns.x)
        elif columns.wkt and values.get(columns.wkt, "").strip():
            try:
                geometry = GEOSGeometry(values[columns.wkt].strip(), srid=columns.srid)
            except (GEOSException, ValueError, TypeError):
                raise OfficialImportError(_("not a WKT geometry."), row=row.number, column=columns.wkt) from None
            _projected(draft, geometry, columns.wkt)
        if not draft.located and not draft.address.strip() and not draft.reason:
            draft.reason = _("no coordinates and no address")
        drafts.append(draft)
    if not drafts:
        raise OfficialImportError(_("The file has no rows."))
    return drafts


def axes_check(drafts: list[Draft], boundaries) -> None:
    """Refuse a list whose points mostly fall outside every district and service area while most
    would fall inside with latitude and longitude swapped: the classic WKT ``POINT(lat lon)``."""
    located = [d for d in drafts if d.located_by == "coordinates"]
    if boundaries is None or len(located) < 3:
        return
    inside = sum(boundaries.contains(Point(d.lon, d.lat)) for d in located)
    swapped = sum(-90 <= d.lon <= 90 and boundaries.contains(Point(d.lat, d.lon)) for d in located)
    if inside * 2 < len(located) and swapped * 2 > len(located):
        raise OfficialImportError(_(
            "%(outside)s of %(total)s located entries fall outside every district and service area, and %(swapped)s "
            "would fall inside with latitude and longitude swapped: the coordinates are swapped. Name the columns "
            "the right way round (latitude, longitude) and import again.") % {
            "outside": len(located) - inside, "total": len(located), "swapped": swapped})
