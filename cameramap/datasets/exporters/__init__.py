"""Writers for the five download formats, one module each. Each takes rows (see
``cameramap.datasets.columns``) and either yields the file as byte chunks (``stream``: CSV,
GeoJSON, KML, OSM XML, which can go to the client as they are written) or writes it to a path
(``write``: GeoPackage, a SQLite database that needs a seekable file). Live downloads on PostGIS
let the database do more, from a queryset: PostgreSQL writes the CSV itself (``copy``, see
``_copy.py``), and hands the GeoPackage's values over as SQLite stores them (``write_query``, see
``gpkg.py``)."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..columns import Row
from . import csv, geojson, gpkg, kml, osm


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    media_type: str
    label: str
    stream: Callable[..., Iterator[bytes]] | None = None
    write: Callable[..., int] | None = None
    copy: Callable[..., Iterator[bytes]] | None = None
    write_query: Callable[..., int] | None = None


FORMATS: dict[str, Format] = {
    "csv": Format("csv", "csv", "text/csv; charset=utf-8", "CSV", stream=csv.stream, copy=csv.copy),
    "geojson": Format("geojson", "geojson", "application/geo+json", "GeoJSON", stream=geojson.stream),
    "gpkg": Format("gpkg", "gpkg", "application/geopackage+sqlite3", "GeoPackage", write=gpkg.write, write_query=gpkg.write_query),
    "kml": Format("kml", "kml", "application/vnd.google-earth.kml+xml", "KML", stream=kml.stream),
    "osm": Format("osm", "osm", "application/vnd.openstreetmap.data+xml", "OpenStreetMap XML", stream=osm.stream),
}


def write_file(fmt: Format, rows: Iterable[Row], path: Path, *, meta: dict, progress=None) -> int:
    """Write ``rows`` in ``fmt`` to ``path``; returns the number of rows written."""
    if fmt.write is not None:
        return fmt.write(rows, path, meta=meta, progress=progress)
    counter = _Counter(rows, progress)
    with open(path, "wb") as handle:
        for chunk in fmt.stream(counter, meta=meta):
            handle.write(chunk)
    return counter.count


class _Counter:
    """Counts the rows a writer takes, and reports every few thousand to ``progress``."""

    def __init__(self, rows: Iterable[Row], progress=None, every: int = 5000):
        self.rows, self.progress, self.every, self.count = rows, progress, every, 0

    def __iter__(self):
        every, progress = self.every, self.progress
        for row in self.rows:
            self.count += 1
            if progress is not None and self.count % every == 0:
                progress(every)
            yield row
        if progress is not None and self.count % every:
            progress(self.count % every)
