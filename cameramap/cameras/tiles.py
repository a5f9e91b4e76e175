"""Vector tiles (Mapbox Vector Tile 2.1) of published cameras, on PostGIS and on SpatiaLite.

One layer, ``cameras``, of points in tile coordinates (extent 4096, y pointing down). Below
``TILE_CLUSTER_MAX_ZOOM`` the cameras of a tile are grouped on a grid of cells (4 × 4 per tile,
64 px on a 256 px map tile): each group is one point at the mean position of its members with
``count``; a group of one also carries the camera's ``id``, ``surveillance_type``,
``camera_type``, ``operator_type``, ``status``, ``facial_recognition`` and ``verified``, so a lone
camera keeps its icon, and every group says how many of its members are verified
(``verified_count``: the map draws a group of imported cameras only as hollow). From that zoom on
every camera is its own point with those properties and ``directions`` ("90,270"). Grouping in the database keeps a tile small and fast whatever the
density: a z10 tile over a city of 50,000 cameras is at most 16 points.

PostGIS builds the tile with ``ST_AsMVT`` in one statement. SpatiaLite has no MVT encoder, so
the same rows are read through its R*Tree index and encoded in Python with mapbox-vector-tile;
both produce the same features (tests decode both).

Points are not duplicated into neighbouring tiles (no buffer): a marker belongs to exactly one
tile, so a client drawing markers from several tiles never draws one twice.
"""

import math
from dataclasses import dataclass

import mapbox_vector_tile
from django.conf import settings
from django.db import connection
from django.db.models import QuerySet

from cameramap.geo import Bbox, in_bbox

from . import tile_cells
from .db import StX, StY
from .models import Camera
from .selectors import VERIFIED

LAYER = "cameras"
EXTENT = 4096
GRID = 4  # cells per tile side when clustering: 64 px on a 256 px map tile
CELL = EXTENT // GRID
ZOOM_MAX = 22
SINGLE_PROPERTIES = ("id", "surveillance_type", "camera_type", "operator_type", "status", "facial_recognition", "verified")

VERIFIED_INDEX = SINGLE_PROPERTIES.index("verified")


@dataclass(frozen=True)
class Tile:
    z: int
    x: int
    y: int

    @property
    def size(self) -> int:
        return 2**self.z

    def bbox(self) -> Bbox:
        n = self.size

        def lat(row: int) -> float:
            return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / n))))

        return Bbox(west=self.x / n * 360 - 180, south=lat(self.y + 1), east=(self.x + 1) / n * 360 - 180, north=lat(self.y))

    @property
    def clustered(self) -> bool:
        return self.z < settings.TILE_CLUSTER_MAX_ZOOM


def tile_valid(z: int, x: int, y: int) -> bool:
    return 0 <= z <= ZOOM_MAX and 0 <= x < 2**z and 0 <= y < 2**z


def tile_position(tile: Tile, lon: float, lat: float) -> tuple[int, int]:
    """Web Mercator position of a point inside the tile, in tile units (y down), clamped."""
    n = tile.size
    lat = max(min(lat, 85.0511287798), -85.0511287798)
    rad = math.radians(lat)
    px = ((lon + 180) / 360 * n - tile.x) * EXTENT
    py = ((1 - math.log(math.tan(rad) + 1 / math.cos(rad)) / math.pi) / 2 * n - tile.y) * EXTENT
    return min(max(int(px), 0), EXTENT - 1), min(max(int(py), 0), EXTENT - 1)


def _tile_rows(tile: Tile, queryset: QuerySet[Camera]) -> QuerySet:
    columns = (*SINGLE_PROPERTIES, "lon", "lat")
    if not tile.clustered:
        columns = (*SINGLE_PROPERTIES, "lon", "lat", "directions")
    # order_by(): no ORDER BY (the model's default would sort every row of the tile for nothing).
    return (in_bbox(queryset, tile.bbox()).order_by()
            .annotate(lon=StX("location"), lat=StY("location"), verified=VERIFIED).values_list(*columns))


def camera_tile(tile: Tile, queryset: QuerySet[Camera], *, cell_filters: dict[str, list[str]] | None = None,
                version: tuple | None = None) -> bytes:
    """The MVT bytes of the published cameras in ``queryset`` that fall in the tile.
    ``cell_filters``: when the queryset is all published cameras narrowed only by attribute
    filters the pre-grouped cells keep apart (tile_cells.FILTERS), those filters ({} for none):
    then far tiles come from the cells while those are up to date. None: always group live.
    ``version``: the current selectors.cameras_version(), if the caller has it."""
    if connection.vendor != "postgresql":
        return _tile_python(tile, queryset)
    if (cell_filters is not None and tile.clustered and tile.z <= tile_cells.MAX_ZOOM
            and tile_cells.cells_fresh(version)):
        sql, params = tile_cells.cells_tile_sql(tile, cell_filters)
    else:
        sql, params = tile_sql(tile, queryset)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (data,) = cursor.fetchone()
    return bytes(data or b"")


# --- PostGIS: one statement ------------------------------------------------------------------

# Same arithmetic as tile_position(): Web Mercator in tile units, floored, clamped to the tile.
_POSITION_SQL = """
    SELECT c.*,
      LEAST(GREATEST(floor(((c.lon + 180) / 360 * :n - :x) * :extent), 0), :extent - 1)::int AS px,
      LEAST(GREATEST(floor(((1 - ln(tan(radians(c.lat)) + 1 / cos(radians(c.lat))) / pi()) / 2 * :n - :y)
                           * :extent), 0), :extent - 1)::int AS py
    FROM (:rows) AS c
"""

_CLUSTER_SQL = """
    SELECT ST_AsMVT(t, ':layer', :extent, 'geom') FROM (
      SELECT ST_MakePoint(round(avg(px)), round(avg(py))) AS geom,
             count(*) AS count,
             count(*) FILTER (WHERE verified)::int AS verified_count,
             CASE WHEN count(*) = 1 THEN min(id) END AS id,
             CASE WHEN count(*) = 1 THEN min(surveillance_type) END AS surveillance_type,
             CASE WHEN count(*) = 1 THEN min(camera_type) END AS camera_type,
             CASE WHEN count(*) = 1 THEN min(operator_type) END AS operator_type,
             CASE WHEN count(*) = 1 THEN min(status) END AS status,
             CASE WHEN count(*) = 1 THEN min(facial_recognition) END AS facial_recognition,
             CASE WHEN count(*) = 1 THEN bool_or(verified) END AS verified
      FROM (:positions) AS p
      GROUP BY px / :cell, py / :cell
    ) AS t
"""

_POINTS_SQL = """
    SELECT ST_AsMVT(t, ':layer', :extent, 'geom') FROM (
      SELECT ST_MakePoint(px, py) AS geom, 1 AS count, id, surveillance_type, camera_type, operator_type,
             status, facial_recognition, verified, translate(directions::text, '[] ', '') AS directions
      FROM (:positions) AS p
    ) AS t
"""


def tile_sql(tile: Tile, queryset: QuerySet[Camera]) -> tuple[str, tuple]:
    """The one PostGIS statement that builds the tile (also timed raw by benchmarks/)."""
    rows = _tile_rows(tile, queryset)
    rows_sql, rows_params = rows.query.get_compiler(using=rows.db).as_sql()
    # The row query (with the caller's filters) keeps its own %s parameters; the tile numbers
    # are integers we validated, written in as literals. Longest names are replaced first.
    template = _CLUSTER_SQL if tile.clustered else _POINTS_SQL
    sql = template.replace(":positions", _POSITION_SQL)
    for name, value in (("extent", EXTENT), ("layer", LAYER), ("cell", CELL), ("n", tile.size), ("x", tile.x), ("y", tile.y)):
        sql = sql.replace(f":{name}", str(value))
    sql = sql.replace(":rows", rows_sql)  # last, so nothing inside Django's SQL is touched
    return sql, tuple(rows_params)


# --- SpatiaLite: the same features, encoded in Python ------------------------------------------

def _tile_python(tile: Tile, queryset: QuerySet[Camera]) -> bytes:
    return tile_encode(tile, _tile_rows(tile, queryset).iterator(chunk_size=2000))


def tile_encode(tile: Tile, rows) -> bytes:
    """The MVT bytes of ``rows`` that fall in the tile, grouped below TILE_CLUSTER_MAX_ZOOM:
    rows of (*SINGLE_PROPERTIES, lon, lat), and ``directions`` (a list of degrees) last from
    that zoom on. The SpatiaLite tiles and a release's PMTiles file are both made here."""
    features = []
    if tile.clustered:
        cells: dict[tuple[int, int], list] = {}
        for row in rows:
            px, py = tile_position(tile, row[-2], row[-1])
            cell = cells.setdefault((px // CELL, py // CELL), [0, 0, 0, 0, row])
            cell[0] += 1
            cell[1] += px
            cell[2] += py
            cell[3] += bool(row[VERIFIED_INDEX])
        for count, sum_x, sum_y, verified_count, row in cells.values():
            properties = {"count": count, "verified_count": verified_count}
            if count == 1:
                properties.update(_single_properties(row))
            x, y = _round_half_away(sum_x / count), _round_half_away(sum_y / count)
            features.append({"geometry": f"POINT({x} {y})", "properties": properties})
    else:
        for row in rows:
            px, py = tile_position(tile, row[-3], row[-2])
            properties = {"count": 1, **_single_properties(row)}
            properties["directions"] = ",".join(str(d) for d in row[-1] or [])
            features.append({"geometry": f"POINT({px} {py})", "properties": properties})
    if not features:
        return b""
    return mapbox_vector_tile.encode(
        [{"name": LAYER, "features": features}],
        default_options={"extents": EXTENT, "y_coord_down": True},
    )


def _single_properties(row) -> dict:
    properties = {name: value for name, value in zip(SINGLE_PROPERTIES, row) if value is not None}
    properties["verified"] = bool(properties.get("verified"))  # SQLite answers 0 or 1
    return properties


def _round_half_away(value: float) -> int:
    """PostgreSQL's round() on numeric rounds halves away from zero; Python's round() does not."""
    return int(math.floor(value + 0.5))
