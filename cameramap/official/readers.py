"""Reading an official list into rows: CSV (any common delimiter, in the encodings Serbian
offices use: encodings.py), XLSX (openpyxl) and, through GDAL, GeoJSON, KML/KMZ, GeoPackage and
Shapefile (a .zip of one too), reprojected to WGS84 from the coordinate system the file declares.

Cells are read as text and kept as text: a spreadsheet formula (``=HYPERLINK(…)``) is read as
the formula's text, never evaluated (openpyxl without ``data_only``), and nothing here runs it.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.gis.gdal import CoordTransform, DataSource, GDALException, SpatialReference
from django.utils.translation import gettext as _

from .encodings import encoding_detect
from .errors import OfficialImportError

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
GDAL_SUFFIXES = (".geojson", ".json", ".kml", ".kmz", ".gpkg", ".shp", ".zip")
SUFFIXES = CSV_SUFFIXES + XLSX_SUFFIXES + GDAL_SUFFIXES
MAX_ROWS = 200_000
ZIP_MAX_MEMBERS = 50
ZIP_MAX_BYTES = 500 * 1024 * 1024


@dataclass
class Row:
    number: int  # as a person finds it: the line of a CSV, the row of a sheet, the feature's position
    values: dict[str, str]
    geometry: tuple[float, float, float] | None = None  # lon, lat (WGS84), precision in metres


@dataclass
class Table:
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    encoding: str | None = None
    spatial: bool = False  # read through GDAL: the features' own geometry locates them


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    return str(value).strip()


def _columns(header: list) -> list[str]:
    """Header cells as unique column names (blank ones named by their position)."""
    names, seen = [], set()
    for position, cell in enumerate(header, start=1):
        name = _text(cell).lstrip("\ufeff") or _("column %(n)s") % {"n": position}
        base, n = name, 2
        while name in seen:
            name, n = f"{base} ({n})", n + 1
        seen.add(name)
        names.append(name)
    return names


def _table(header: list, rows, first_number: int) -> Table:
    table = Table(columns=_columns(header))
    for number, cells in enumerate(rows, start=first_number):
        cells = [_text(c) for c in cells]
        if not any(cells):
            continue
        if len(cells) > len(table.columns) and any(cells[len(table.columns):]):
            raise OfficialImportError(_("the row has %(cells)s cells, the header %(columns)s.") % {
                "cells": len(cells), "columns": len(table.columns)}, row=number)
        if len(table.rows) >= MAX_ROWS:
            raise OfficialImportError(_("More than %(n)s rows: split the list.") % {"n": MAX_ROWS})
        table.rows.append(Row(number=number, values=dict(zip(table.columns, cells + [""] * len(table.columns)))))
    return table


def _decode(data: bytes, encoding: str | None) -> tuple[str, str]:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise OfficialImportError(_("This is not a text file (it holds NUL bytes): is it really a CSV?"))
    chosen = encoding or encoding_detect(data)
    if chosen is None:
        raise OfficialImportError(_("Could not tell the file's encoding: give it (UTF-8, Windows-1250, Windows-1251 or ISO-8859-2)."), field="encoding")
    try:
        return data.decode(chosen), chosen
    except LookupError:
        raise OfficialImportError(_("Unknown encoding “%(encoding)s”.") % {"encoding": chosen}, field="encoding") from None
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise OfficialImportError(_("the file is not valid %(encoding)s here (byte %(byte)s): give the right encoding.") % {
            "encoding": chosen, "byte": f"0x{data[error.start]:02X}"}, row=line, field="encoding") from None


def read_csv(path: Path, *, encoding: str | None = None) -> Table:
    text, chosen = _decode(Path(path).read_bytes(), encoding)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise OfficialImportError(_("The file is empty."))
    sample = text[:65536]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        first = sample.splitlines()[0]
        dialect = type("Guessed", (csv.excel,), {"delimiter": max(",;\t|", key=first.count)})
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as error:
        raise OfficialImportError(_("Not a readable CSV: %(error)s") % {"error": error}) from None
    header_at = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), None)
    if header_at is None:
        raise OfficialImportError(_("The file is empty."))
    table = _table(rows[header_at], rows[header_at + 1:], first_number=header_at + 2)
    table.encoding = chosen
    return table


def read_xlsx(path: Path, *, layer: str | None = None) -> Table:
    import openpyxl

    try:
        # Not data_only: a formula cell reads as its formula's text, and nothing evaluates it.
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise OfficialImportError(_("Not a readable XLSX workbook: %(error)s") % {"error": error}) from None
    try:
        if layer and layer not in workbook.sheetnames:
            raise OfficialImportError(_("No sheet “%(layer)s”; the workbook has: %(sheets)s.") % {
                "layer": layer, "sheets": ", ".join(workbook.sheetnames)}, field="layer")
        rows = list((workbook[layer] if layer else workbook.worksheets[0]).iter_rows(values_only=True))
    finally:
        workbook.close()
    header_at = next((i for i, r in enumerate(rows) if any(_text(c) for c in r)), None)
    if header_at is None:
        raise OfficialImportError(_("The file is empty."))
    return _table(list(rows[header_at]), rows[header_at + 1:], first_number=header_at + 2)


def _unzip(path: Path, folder: Path) -> Path:
    """Extract a .zip (or .kmz) safely and return the one dataset inside it."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise OfficialImportError(_("Not a readable ZIP archive.")) from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > ZIP_MAX_MEMBERS or sum(m.file_size for m in members) > ZIP_MAX_BYTES:
            raise OfficialImportError(_("The archive holds too many files or too much data."))
        for member in members:
            name = Path(member.filename).name  # flattened: no path from the archive is trusted
            if name and not name.startswith("."):
                (folder / name).write_bytes(archive.read(member))
    found = [p for suffix in (".shp", ".gpkg", ".geojson", ".json", ".kml") for p in sorted(folder.glob(f"*{suffix}"))]
    if not found:
        raise OfficialImportError(_("The archive holds no Shapefile, GeoPackage, GeoJSON or KML."))
    return found[0]


def read_gdal(path: Path, *, layer: str | None = None, workdir: Path) -> Table:
    path = Path(path)
    if path.suffix.lower() in (".zip", ".kmz"):
        path = _unzip(path, workdir)
    if path.suffix.lower() == ".shp" and not path.with_suffix(".prj").exists() and not path.with_suffix(".PRJ").exists():
        raise OfficialImportError(_("The Shapefile has no .prj beside it, so its coordinate system is unknown: add the .prj."))
    try:
        source = DataSource(str(path))
    except GDALException:
        raise OfficialImportError(_("GDAL could not read this file as GeoJSON, KML, GeoPackage or Shapefile.")) from None
    names = [source[i].name for i in range(source.layer_count)]
    if not names:
        raise OfficialImportError(_("The file is empty."))
    if layer and layer not in names:
        raise OfficialImportError(_("No layer “%(layer)s”; the file has: %(layers)s.") % {"layer": layer, "layers": ", ".join(names)}, field="layer")
    chosen = source[names.index(layer) if layer else 0]
    srs = chosen.srs
    if srs is None and path.suffix.lower() not in (".geojson", ".json", ".kml"):
        raise OfficialImportError(_("The file does not say which coordinate system it is in."))
    wgs84 = SpatialReference(4326)
    transform = CoordTransform(srs, wgs84) if srs is not None else None
    table = Table(columns=_columns(chosen.fields), spatial=True)
    for number, feature in enumerate(chosen, start=1):
        if len(table.rows) >= MAX_ROWS:
            raise OfficialImportError(_("More than %(n)s rows: split the list.") % {"n": MAX_ROWS})
        values = {column: _text(feature.get(name)) for column, name in zip(table.columns, chosen.fields)}
        row = Row(number=number, values=values)
        try:
            geometry = feature.geom
        except GDALException:
            geometry = None
        if geometry is not None and geometry.point_count:
            values["_wkt"] = geometry.wkt[:10_000]
            if transform is not None:
                geometry.transform(transform)
            row.geometry = _point(geometry)
        table.rows.append(row)
    if not table.rows:
        raise OfficialImportError(_("The file has no rows."))
    return table


def _point(geometry) -> tuple[float, float, float]:
    """A feature's place: a point as it is; anything larger by its centroid, as precise as half
    its extent (in metres, roughly)."""
    geos = geometry.geos
    if geos.geom_type == "Point":
        return geos.x, geos.y, 0.0
    if geos.geom_type == "MultiPoint" and len(geos) == 1:
        return geos[0].x, geos[0].y, 0.0
    from cameramap.geo import distance_m

    xmin, ymin, xmax, ymax = geos.extent
    centre = geos.centroid
    return centre.x, centre.y, distance_m(xmin, ymin, xmax, ymax) / 2


def read_table(path: Path, *, encoding: str | None = None, layer: str | None = None, workdir: Path) -> Table:
    suffix = "".join(Path(path).suffixes[-1:]).lower()
    if suffix in CSV_SUFFIXES:
        return read_csv(path, encoding=encoding)
    if suffix in XLSX_SUFFIXES:
        return read_xlsx(path, layer=layer)
    if suffix in GDAL_SUFFIXES:
        return read_gdal(path, layer=layer, workdir=workdir)
    raise OfficialImportError(_("Give a CSV, XLSX, GeoJSON, KML/KMZ, GeoPackage or Shapefile (.zip) file."), field="file")
