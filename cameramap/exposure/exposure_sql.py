"""The street exposure on PostGIS, in SQL: the same figures as services.exposure_figures (Shapely,
the embedded SpatiaLite path), computed where the data is and through the spatial indexes.

Why not one union of every field of view, as the Python path does: at 100,000 cameras that union
is one enormous polygon, and intersecting 50,000 streets with it is slow; even per street, a union
of the polygons touching it costs milliseconds. A street only needs the views the GiST index
finds touching it (``&&``), and cutting a line by a polygon and uniting line pieces is cheap. So:

1. the views that count (published, present, not merged) go into a temporary table with their
   scope flags and a GiST index;
2. per walkable segment, a lateral join cuts it by each view touching it and unites the pieces
   — lines, not polygons — per scope and verified-only or not (``FILTER``): the segment's parts
   in view of each (``exposure_pieces``, another temporary table with a GiST index);
3. the city sums those parts' lengths; a district sums them cut by its boundary (a segment wholly
   inside is not cut). Lengths are measured on the sphere, like ``services.length_m``;
4. every segment's parts in view of any camera are stored for the ``streets`` tiles (StreetView).

The union of a segment's pieces in each view is the same set as the segment cut by the union of
all views, so the figures agree with the Python path to the millimetre (tests compare
the two on the Helsinki centre). Each step is a statement; ``progress(done, total)`` is told
after each.
"""

from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from cameramap.cameras.models import Area, Camera
from cameramap.city.models import StreetSegment

from .models import CameraScope, FieldOfView, StreetExposure, StreetView

# (column suffix, SQL condition on the views' flags) per scope; "_verified" adds the verified flag.
SCOPE_CONDITIONS = {
    CameraScope.ALL: "true",
    CameraScope.POLICE_CITY: "v.police_city",
    CameraScope.FACIAL_RECOGNITION: "v.facial_recognition",
}
COMBOS = [(scope, verified) for scope in CameraScope.values for verified in (False, True)]
LENGTH = "ST_Length(geography({}), false)"  # on the sphere, PostGIS's mean radius
# The pieces of one street cut by different views overlap where the views do, but their ends,
# computed separately, lie a hair off each other's line: united as they are, overlaps would count
# twice. United on a grid of 1e-9° (0.1 mm) the overlaps snap together and count once.
GRID = "1e-9"
SLIVER_M = 0.01
GRID_BUFFER = "1e-8"  # degrees, about a millimetre


def _column(scope: str, verified: bool) -> str:
    return f"{scope}_{'verified' if verified else 'all'}"


def _condition(scope: str, verified: bool) -> str:
    condition = SCOPE_CONDITIONS[scope]
    return f"({condition} AND v.verified)" if verified else condition


def _views_sql() -> list[tuple[str, list]]:
    """Step 1: the views that count, with their scope flags, indexed."""
    fov, camera = FieldOfView._meta.db_table, Camera._meta.db_table
    return [
        # PostgreSQL's JIT compiles each statement for the cost its planner fears (the geometry
        # functions look dear): over half a second a district, for work that takes milliseconds.
        ("SET LOCAL jit = off", []),
        ("DROP TABLE IF EXISTS exposure_views", []),
        (f"""CREATE TEMP TABLE exposure_views ON COMMIT DROP AS
             SELECT f.geometry AS g,
                    coalesce(c.operator_type IN ('police', 'city'), false) AS police_city,
                    coalesce(c.facial_recognition IN ('suspected', 'confirmed'), false) AS facial_recognition,
                    c.verified_on IS NOT NULL AS verified
             FROM {fov} f JOIN {camera} c ON c.id = f.camera_id
             WHERE f.geometry IS NOT NULL AND c.published AND c.status = 'present' AND c.merged_into_id IS NULL""", []),
        ("CREATE INDEX exposure_views_g ON exposure_views USING gist (g)", []),
        ("ANALYZE exposure_views", []),
    ]


def _united(pieces: str) -> str:
    """The pieces (an array of lines) as one geometry: a single piece as it is, several united on
    the grid. Most streets have at most one piece per scope, and a union costs far more."""
    return (f"CASE WHEN coalesce(cardinality({pieces}), 0) <= 1 THEN {pieces}[1] "
            f"ELSE ST_CollectionExtract(ST_UnaryUnion(ST_Collect({pieces}), {GRID}), 2) END")


def _pieces_sql(not_walkable: set[str]) -> list[tuple[str, list]]:
    """Step 2: per walkable segment, its length and its parts inside each scope's views: the
    segment cut by each view touching it (a line cut by a polygon, cheap), and those pieces
    united per scope (lines, cheap) — never a union of the polygons themselves."""
    # A view that touches the street at a point leaves an empty piece: not a piece to unite.
    arrays = ",\n".join(f"array_agg(v.piece) FILTER (WHERE NOT ST_IsEmpty(v.piece) AND {_condition(s, ver)}) AS a_{_column(s, ver)}"
                         for s, ver in COMBOS)
    united = ",\n".join(f"{_united('u.a_' + _column(s, ver))} AS w_{_column(s, ver)}" for s, ver in COMBOS)
    placeholders = ", ".join(["%s"] * len(not_walkable))
    return [
        ("DROP TABLE IF EXISTS exposure_pieces", []),
        (f"""CREATE TEMP TABLE exposure_pieces ON COMMIT DROP AS
             SELECT s.id, s.geometry AS g, {LENGTH.format('s.geometry')} AS length_m, {united}
             FROM {StreetSegment._meta.db_table} s
             LEFT JOIN LATERAL (
               SELECT {arrays}
               FROM (SELECT ST_CollectionExtract(ST_Intersection(s.geometry, v.g), 2) AS piece, v.*
                     FROM exposure_views v WHERE v.g && s.geometry AND ST_Intersects(s.geometry, v.g)) v
             ) u ON true
             WHERE s.highway NOT IN ({placeholders})""", sorted(not_walkable)),
        ("CREATE INDEX exposure_pieces_g ON exposure_pieces USING gist (g)", []),
        ("ANALYZE exposure_pieces", []),
    ]


def _sums(clip: str | None) -> str:
    """SELECT list: street length, then each combination's watched length; each piece cut by the
    district's boundary ``a.boundary`` when ``clip``."""
    def cut(column: str) -> str:
        if clip is None:
            return column
        return f"CASE WHEN inside THEN {column} ELSE ST_CollectionExtract(ST_Intersection({column}, a.boundary), 2) END"

    street = "sum(p.length_m)" if clip is None else f"sum(CASE WHEN inside THEN p.length_m ELSE {LENGTH.format(cut('p.g'))} END)"
    watched = [f"coalesce(sum({LENGTH.format(cut('p.w_' + _column(s, v)))}), 0)" for s, v in COMBOS]
    return ", ".join([f"coalesce({street}, 0)", *watched])


def _counts_sql(extent: str, region: str | None) -> str:
    """The cameras counted per combination: the views whose box overlaps the streets' extent
    (through the index) and, for a district, that reach into it — as the Python path counts."""
    near = f"v.g && {extent}" + (f" AND ST_Intersects(v.g, {region})" if region else "")
    counts = ", ".join(f"count(*) FILTER (WHERE {_condition(s, ver)})" for s, ver in COMBOS)
    return f"SELECT {counts} FROM (SELECT v.* FROM exposure_views v WHERE {near}) v"


def _rows(area_id: int | None, sums: tuple, counts: tuple, now) -> list[StreetExposure]:
    street = float(sums[0])
    if street == 0:  # no street there: nothing in view, no camera counted (as the Python path)
        counts = (0,) * len(COMBOS)
    return [StreetExposure(area_id=area_id, scope=scope, verified_only=verified, street_m=street,
                           watched_m=min(street, float(watched)), cameras=int(count), computed_at=now)
            for (scope, verified), watched, count in zip(COMBOS, sums[1:], counts)]


def _city(cursor, now) -> list[StreetExposure]:
    cursor.execute(f"SELECT {_sums(None)} FROM exposure_pieces p")
    sums = cursor.fetchone()
    cursor.execute(_counts_sql("(SELECT ST_SetSRID(ST_Extent(g)::geometry, 4326) FROM exposure_pieces)", None))
    return _rows(None, sums, cursor.fetchone(), now)


def _district(cursor, area_id: int, now) -> list[StreetExposure]:
    area = Area._meta.db_table
    cursor.execute(f"""SELECT {_sums('a.boundary')},
                              ST_SetSRID(ST_Extent(CASE WHEN inside THEN p.g ELSE ST_Intersection(p.g, a.boundary) END)::geometry, 4326)
                       FROM {area} a JOIN LATERAL (
                         SELECT p.*, ST_Within(p.g, a.boundary) AS inside FROM exposure_pieces p
                         WHERE p.g && a.boundary AND ST_Intersects(p.g, a.boundary)
                       ) p ON true
                       WHERE a.id = %s GROUP BY a.id""", [area_id])
    found = cursor.fetchone()
    if found is None:
        return _rows(area_id, (0.0,) * (len(COMBOS) + 1), (0,) * len(COMBOS), now)
    sums, extent = found[:-1], found[-1]
    cursor.execute(_counts_sql("%s::geometry", f"(SELECT boundary FROM {area} WHERE id = %s)"), [extent, area_id])
    return _rows(area_id, sums, cursor.fetchone(), now)


def _street_views_sql() -> str:
    """Step 4: each segment's parts in and out of view (any camera), for the tiles. The part out
    of view is the segment less its pieces in view grown by a millimetre: a line less a line that
    lies a hair beside it would be the whole line again. Slivers under a centimetre are dropped."""
    def multi(column: str) -> str:
        return (f"CASE WHEN {column} IS NULL OR ST_IsEmpty({column}) OR {LENGTH.format(column)} < {SLIVER_M} THEN NULL "
                f"ELSE ST_Multi({column}) END")

    return f"""INSERT INTO {StreetView._meta.db_table} (segment_id, length_m, watched_m, watched, unwatched)
               SELECT id, length_m, LEAST(length_m, coalesce({LENGTH.format('w_all_all')}, 0)), {multi('w_all_all')},
                      {multi('rest')}
               FROM (SELECT *, CASE WHEN w_all_all IS NULL THEN g
                                    WHEN {LENGTH.format('w_all_all')} > length_m - {SLIVER_M} THEN NULL
                                    ELSE ST_CollectionExtract(ST_Difference(g, ST_Buffer(w_all_all, {GRID_BUFFER}, 'quad_segs=1')), 2)
                                    END AS rest
                     FROM exposure_pieces) p"""


def exposure_update_sql(*, not_walkable: set[str], progress: Callable[[int, int], None] | None = None) -> int:
    """Compute every district's figures and the city's in PostGIS and replace the stored ones and
    the street views, in one transaction. Returns the figures' row count."""
    areas = list(Area.objects.filter(is_service_area=False).order_by("pk").values_list("pk", flat=True))
    total = 3 + len(areas)
    tell = progress or (lambda done, total: None)
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        for step, statements in enumerate((_views_sql(), _pieces_sql(not_walkable)), start=1):
            for sql, params in statements:
                cursor.execute(sql, params)
            tell(step, total)
        rows = _city(cursor, now)
        for done, area_id in enumerate(areas, start=3):
            rows += _district(cursor, area_id, now)
            tell(done, total)
        StreetExposure.objects.all().delete()
        StreetExposure.objects.bulk_create(rows)
        StreetView.objects.all().delete()
        cursor.execute(_street_views_sql())
        # Fresh statistics, or the tiles' planner takes the new table for empty and scans it whole.
        cursor.execute(f"ANALYZE {StreetView._meta.db_table}")
        cursor.execute("DROP TABLE exposure_pieces; DROP TABLE exposure_views")
        tell(total, total)
    return len(rows)
