"""Which column holds what: named by the options, else recognised by name in English and
Serbian (either script, any case, with or without diacritics: cameramap/text.py ``fold``).

Separate latitude and longitude columns are preferred over a WKT column: real lists carry WKT
with the axes swapped (POINT(lat lon)) more often than they swap two named columns."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from cameramap.text import fold

from .errors import OfficialImportError
from .readers import Table

# Folded column names for each role; "x"/"y" are longitude/latitude unless --srid says they are
# projected (then give --x-field/--y-field).
NAMES = {
    "lat": {"lat", "latitude", "y", "sirina", "geografska sirina", "geo sirina", "lat wgs84", "latitude wgs84",
            "gps lat", "gps latitude", "y wgs84", "lat dd"},
    "lon": {"lon", "lng", "long", "longitude", "x", "duzina", "geografska duzina", "geo duzina", "lon wgs84",
            "longitude wgs84", "gps lon", "gps longitude", "x wgs84", "lon dd"},
    "wkt": {"wkt", "geometry", "geom", "the geom", "geometrija", "wkt geom", "shape", "geometry wkt", "point"},
    "address": {"adresa", "address", "lokacija", "location", "adresa lokacije", "lokacija kamere", "ulica", "street",
                "mesto", "mesto postavljanja", "street address", "addr", "adresa kamere", "raskrsnica", "intersection"},
    "ref": {"ref", "id", "broj", "redni broj", "rb", "r br", "no", "nr", "number", "camera id", "id kamere", "sifra",
            "oznaka", "code", "objectid", "fid"},
    "name": {"naziv", "name", "opis", "description", "ime", "title", "naziv lokacije", "descr", "desc", "naziv kamere"},
    "type": {"type", "tip", "vrsta", "kind", "camera type", "tip kamere", "vrsta kamere", "surveillance type"},
    "direction": {"direction", "directions", "smer", "pravac", "azimut", "azimuth", "camera direction", "orijentacija"},
}
# Words that, inside a longer name, still say the role ("Adresa na kojoj je kamera", "camera_ref").
WORDS = {"address": ("adres", "address", "lokacij", "location", "ulica"), "name": ("naziv", "opis", "descr")}
OPTION_OF = {"lat": "lat_field", "lon": "lon_field", "x": "x_field", "y": "y_field", "wkt": "wkt_field",
             "address": "address_field", "ref": "ref_field", "name": "name_field"}


@dataclass
class Columns:
    lat: str | None = None
    lon: str | None = None
    x: str | None = None
    y: str | None = None
    wkt: str | None = None
    srid: int = 4326
    address: str | None = None
    ref: str | None = None
    name: str | None = None
    type: str | None = None
    direction: str | None = None
    geometry: bool = False  # the features' own geometry (a GDAL file)

    def located(self) -> bool:
        return bool(self.geometry or (self.lat and self.lon) or (self.x and self.y) or self.wkt)


def _recognise(columns: list[str], role: str, taken: set[str]) -> str | None:
    folded = {column: fold(column) for column in columns if column not in taken and column != "_wkt"}
    for column, name in folded.items():
        if name in NAMES[role]:
            return column
    for column, name in folded.items():
        words = name.split()
        if role == "ref":
            hit = "id" in words or any(word.startswith("ref") for word in words)
        else:
            hit = any(word.startswith(stem) for word in words for stem in WORDS.get(role, ()))
        if hit:
            return column
    return None


def columns_resolve(table: Table, *, srid: int | None = None, **fields: str | None) -> Columns:
    """The columns to read, from the ``*_field`` options first, then by name. Raises
    OfficialImportError when a named column is missing or no column can place an entry."""
    chosen = Columns(srid=srid or 4326)
    for role, option in OPTION_OF.items():
        column = fields.get(option)
        if column:
            if column not in table.columns:
                raise OfficialImportError(_("there is no such column; the file has: %(columns)s.") % {
                    "columns": ", ".join(table.columns)}, column=column, field=option)
            setattr(chosen, role, column)
    given = {role for role in OPTION_OF if getattr(chosen, role)}
    if bool(chosen.lat) != bool(chosen.lon) or bool(chosen.x) != bool(chosen.y):
        raise OfficialImportError(_("Give both coordinate columns (latitude and longitude, or x and y)."), field="lat_field")
    if chosen.x and not srid:
        raise OfficialImportError(_("Projected x/y columns need the coordinate system they are in (an EPSG code)."), field="srid")
    explicit_place = chosen.located()
    if not explicit_place and table.spatial:
        chosen.geometry = True
    taken = {getattr(chosen, role) for role in given}
    for role in ("ref", "name", "address", "type", "direction") + (() if explicit_place or table.spatial else ("lat", "lon", "wkt")):
        if role in given:
            continue
        found = _recognise(table.columns, role, taken)
        if found:
            setattr(chosen, role, found)
            taken.add(found)
    if not explicit_place and not chosen.geometry and not (chosen.lat and chosen.lon):
        chosen.lat = chosen.lon = None  # one of the two alone places nothing
    elif chosen.lat and chosen.lon and not fields.get("wkt_field"):
        chosen.wkt = None  # separate columns win over WKT
    if not chosen.located() and not chosen.address:
        raise OfficialImportError(_(
            "No usable columns: none holds coordinates (latitude/longitude, x/y, WKT) or addresses. The file's columns: "
            "%(columns)s. Name them with the column options.") % {"columns": ", ".join(table.columns) or "—"})
    return chosen
