"""``cameras.pmtiles``: a release's cameras as one PMTiles v3 archive of vector tiles.

The map can draw from this file instead of asking the server for every tile (``MAP_TILES=pmtiles``,
see web/map_tiles.py): a reader fetches byte ranges of one static file, which object storage, a
CDN or nginx serve without Django. The tiles are the live ones (``/api/v1/tiles/…``, made by
``cameras/tiles.py``): layer ``cameras``, cameras grouped on a 4 × 4 grid per tile below
``TILE_CLUSTER_MAX_ZOOM`` and one point per camera from it on, with the same properties — encoded
by the same function (``tiles.tile_encode``) from the release's snapshot, so the file holds exactly
the release's cameras, like its other files. Zooms 0 to ``MAX_ZOOM``; a reader draws deeper zooms
from the deepest tiles (over-zoom). Tiles are gzipped, as PMTiles readers expect of vector tiles.

Cost: every zoom is one pass over the cameras held in memory (about 200 bytes a camera) and one
tile encoded per non-empty tile, so time grows with cameras × zooms; a city of 2,000 cameras takes
well under a second, 61,768 cameras across a country some tens of seconds (benchmarks/RESULTS.md).
The archive itself is written by ``pmtiles`` (the reference writer, from PyPI).
"""

import gzip
import math
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import Writer

from cameramap.cameras.tiles import EXTENT, LAYER, SINGLE_PROPERTIES, Tile, tile_encode

from .columns import INDEX

MIN_ZOOM = 0
MAX_ZOOM = 16
NAME = "cameras.pmtiles"
MEDIA_TYPE = "application/vnd.pmtiles"
MERCATOR_MAX_LAT = 85.0511287798
# What a feature may carry, for the archive's metadata (TileJSON ``vector_layers``).
FIELDS = {"count": "Number", "verified_count": "Number", "id": "Number", "surveillance_type": "String",
          "camera_type": "String", "operator_type": "String", "status": "String", "facial_recognition": "String",
          "verified": "Boolean", "directions": "String"}


def tile_row(row) -> tuple | None:
    """A snapshot row (columns.NAMES, as text) → the row ``tiles.tile_encode`` reads:
    (*SINGLE_PROPERTIES, lon, lat, directions); None for a camera outside Web Mercator, which no
    live tile holds either."""
    lon, lat = float(row[INDEX["lon"]]), float(row[INDEX["lat"]])
    if abs(lat) > MERCATOR_MAX_LAT:
        return None
    values = []
    for name in SINGLE_PROPERTIES:
        value = row[INDEX[name]]
        values.append(int(value) if name == "id" else value == "true" if name == "verified" else value)
    directions = [int(d) for d in row[INDEX["directions"]].split(";") if d] if row[INDEX["directions"]] else []
    return (*values, lon, lat, directions)


def _world_position(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator position in the unit square (y down): the tile at zoom z is int(position × 2^z)."""
    rad = math.radians(lat)
    return (lon + 180) / 360, (1 - math.log(math.tan(rad) + 1 / math.cos(rad)) / math.pi) / 2


def _tiles_of_zoom(z: int, rows: list[tuple], positions: list[tuple[float, float]]) -> dict[tuple[int, int], list]:
    n, last = 2**z, 2**z - 1
    tiles: dict[tuple[int, int], list] = defaultdict(list)
    for row, (gx, gy) in zip(rows, positions):
        tiles[(min(int(gx * n), last), min(int(gy * n), last))].append(row)
    return tiles


def _header(rows: list[tuple]) -> dict:
    if rows:
        lons, lats = [row[-3] for row in rows], [row[-2] for row in rows]
        west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    else:  # an empty release: the whole world, no tile
        west, east, south, north = -180.0, 180.0, -MERCATOR_MAX_LAT, MERCATOR_MAX_LAT
    return {
        "tile_type": TileType.MVT, "tile_compression": Compression.GZIP,
        "min_zoom": MIN_ZOOM, "max_zoom": MAX_ZOOM,
        # Rounded outwards, so that the box holds every camera.
        "min_lon_e7": math.floor(west * 1e7), "min_lat_e7": math.floor(south * 1e7),
        "max_lon_e7": math.ceil(east * 1e7), "max_lat_e7": math.ceil(north * 1e7),
        "center_zoom": min(MAX_ZOOM, settings.LEAFLET_CONFIG["DEFAULT_ZOOM"]),
        "center_lon_e7": int((west + east) / 2 * 1e7), "center_lat_e7": int((south + north) / 2 * 1e7),
    }


def _metadata(version: str, attribution: str) -> dict:
    return {
        "name": f"{settings.SITE_NAME}: surveillance cameras", "version": version, "attribution": attribution,
        "description": f"Published cameras of release {version}: groups below zoom {settings.TILE_CLUSTER_MAX_ZOOM}, "
                       "single cameras from it on.",
        "format": "pbf", "type": "overlay", "extent": EXTENT, "cluster_max_zoom": settings.TILE_CLUSTER_MAX_ZOOM,
        "vector_layers": [{"id": LAYER, "fields": FIELDS, "minzoom": MIN_ZOOM, "maxzoom": MAX_ZOOM}],
    }


def tile_archive_write(snapshot: Iterable, path: Path, *, version: str, attribution: str, progress=None) -> dict:
    """Write the archive of the snapshot's rows to ``path``. ``progress(units)`` is told about
    each zoom done, in cameras (so the whole file is MAX_ZOOM + 1 times the cameras). Returns
    {"tiles": tiles written, "cameras": cameras in them}."""
    rows, read = [], 0
    for snapshot_row in snapshot:
        read += 1
        if (row := tile_row(snapshot_row)) is not None:
            rows.append(row)
    positions = [_world_position(row[-3], row[-2]) for row in rows]
    cluster_zoom = settings.TILE_CLUSTER_MAX_ZOOM
    written = 0
    with open(path, "wb") as handle:
        writer = Writer(handle)
        for z in range(MIN_ZOOM, MAX_ZOOM + 1):
            tiles = _tiles_of_zoom(z, rows, positions)
            # In the order of the archive's tile ids, so the writer keeps it "clustered" (a reader's
            # neighbouring tiles are neighbouring bytes).
            for tile_id, (x, y) in sorted((zxy_to_tileid(z, x, y), (x, y)) for x, y in tiles):
                members = tiles[(x, y)]
                if z < cluster_zoom:
                    members = [row[:-1] for row in members]  # grouped tiles take no directions
                data = tile_encode(Tile(z, x, y), members)
                writer.write_tile(tile_id, gzip.compress(data, compresslevel=6, mtime=0))
                written += 1
            if progress is not None:
                progress(read)  # every camera of the release counts, drawn or not
        if written == 0:  # the writer needs one tile: an empty release is one empty tile at zoom 0
            writer.write_tile(zxy_to_tileid(0, 0, 0), gzip.compress(b"", mtime=0))
            written = 1
        writer.finalize(_header(rows), _metadata(version, attribution))
    return {"tiles": written, "cameras": len(rows)}
