"""The columns of every dataset download, and the one query that reads them.

Every format is written from the same rows: a tuple of strings (``None`` for a missing value) in
the order of ``COLUMNS``. The database renders each value as text (numbers in their shortest
form, coordinates rounded to 7 decimals as in OpenStreetMap, directions as a ``;`` list, dates
in ISO 8601, booleans as ``true``/``false``), so the Python side only arranges strings. That is
what lets a million rows stream at well over 100,000 rows a second: converting every typed column
of every row into Python objects and back to text would cost more than writing the file. It also
means a release can be written once from the database into a snapshot and every format built from
that snapshot, so all five files of a release hold exactly the same cameras even while volunteers
keep submitting.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import (
    BooleanField, Case, ExpressionWrapper, F, FloatField, Func, Q, QuerySet, TextField, Value, When,
)
from django.db.models.functions import Cast, Coalesce, Replace

from cameramap.cameras.db import StX, StY

Row = tuple[str | None, ...]


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless Table Schema type: integer, number, string, date, boolean
    description: str
    source: str | None = None  # model field path; None for the computed ones below


COLUMNS: tuple[Column, ...] = (
    Column("id", "integer", "cameramap camera id (stable; merged cameras keep the surviving id)", "id"),
    Column("lon", "number", "longitude, WGS 84 (EPSG:4326), 7 decimals"),
    Column("lat", "number", "latitude, WGS 84 (EPSG:4326), 7 decimals"),
    Column("directions", "string", "degrees clockwise from north the camera faces, ';'-separated", None),
    Column("surveillance", "string", "OSM surveillance=*: public, outdoor, indoor (empty: unknown)", "surveillance"),
    Column("surveillance_type", "string", "OSM surveillance:type=*: camera, ALPR, guard, gunshot_detector", "surveillance_type"),
    Column("camera_type", "string", "OSM camera:type=*: fixed, panning, dome", "camera_type"),
    Column("mount", "string", "OSM camera:mount=*", "mount"),
    Column("zone", "string", "OSM surveillance:zone=*", "zone"),
    Column("height", "number", "metres above the ground", "height"),
    Column("operator", "string", "who runs the camera (OSM operator=*)", "operator"),
    Column("operator_type", "string", "police, city, transport, private, unknown", "operator_type"),
    Column("manufacturer", "string", "OSM manufacturer=* (e.g. Hikvision)", "manufacturer"),
    Column("model", "string", "OSM model=*", "model"),
    Column("facial_recognition", "string", "unknown, suspected, confirmed", "facial_recognition"),
    Column("facial_recognition_evidence", "string", "link to the evidence of facial recognition", "facial_recognition_evidence"),
    Column("sign_present", "string", "is the legally required notice there: yes, no, unknown", "sign_present"),
    Column("status", "string", "present, removed, covered", "status"),
    Column("confirmations", "integer", "independent sightings, the first one included", "confirmations"),
    Column("first_seen", "date", "the earliest day a source attests the camera (a volunteer's sighting, an OSM survey or edit); empty when none says", "first_seen"),
    Column("last_confirmed", "date", "the latest day a source attests the camera; empty when none says", "last_confirmed"),
    Column("verified", "boolean", "true: verified, a moderator accepted a sighting of the camera by one of our "
           "volunteers; false: imported, the camera comes only from an outside source (OpenStreetMap, an official "
           "list, a staff edit) and no volunteer's sighting of it has been accepted yet"),
    Column("verified_on", "date", "the day of the first sighting by our volunteers that a moderator accepted (the "
           "photo's capture day when it says, else the day the report was sent); empty when the camera is imported",
           "verified_on"),
    Column("source", "string", "crowd (volunteers), osm (OpenStreetMap), official (an official list)", "source"),
    Column("osm_type", "string", "OpenStreetMap element type when linked: node, way", "osm_type"),
    Column("osm_id", "integer", "OpenStreetMap element id when linked", "osm_id"),
    Column("osm_version", "integer", "version of the OpenStreetMap element when it was imported", "osm_element__version"),
    Column("area", "string", "name of the district the camera is in", "area__name"),
)
NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)
INDEX: dict[str, int] = {name: i for i, name in enumerate(NAMES)}
# The free-text columns: values typed by people, which writers must escape with care.
TEXT = ("operator", "manufacturer", "model", "facial_recognition_evidence", "area")


def _as_text(expression):
    return Cast(expression, TextField())


def _rounded(expression):
    # Rounded in floating point (x·10⁷ rounded, then divided) so that both databases print the
    # shortest form: 20.311525, not 20.3115250.
    # (Django's Round casts to numeric on PostgreSQL, which then prints trailing zeros.)
    rounded = Func(expression * Value(10_000_000.0), function="ROUND", output_field=FloatField())
    return rounded / Value(10_000_000.0)


class _DirectionsText(Func):
    """The JSON array ``[90, 270]`` as ``90;270``: brackets and spaces dropped, commas made
    semicolons. PostgreSQL does it in one pass of ``translate()`` (four nested REPLACEs took a
    quarter of the whole row query's time); SQLite has no ``translate()``, so there it is the
    REPLACEs, to the same text."""

    function = "translate"
    output_field = TextField()
    _REPLACED = (("[", ""), ("]", ""), (" ", ""), (",", ";"))

    def __init__(self, expression):
        # translate(text, from, to): each character of ``from`` becomes the one at its place in
        # ``to``, or goes when ``to`` is shorter.
        super().__init__(expression, Value(",[] "), Value(";"))

    def as_sqlite(self, compiler, connection, **extra_context):
        text = self.source_expressions[0]
        for old, new in self._REPLACED:
            text = Replace(text, Value(old), Value(new), output_field=TextField())
        return compiler.compile(text)


def _directions():
    return _DirectionsText(_as_text(F("directions")))


def _verified(*, typed: bool):
    """Verified: a day of a volunteer's accepted sighting is known. As text ``true``/``false`` on
    both databases (a boolean cast to text is ``true`` on PostgreSQL but ``1`` on SQLite)."""
    if typed:
        return ExpressionWrapper(Q(verified_on__isnull=False), output_field=BooleanField())
    return Case(When(verified_on__isnull=True, then=Value("false")), default=Value("true"), output_field=TextField())


def row_expressions(*, typed: bool = False) -> dict:
    """Column name → the SQL expression that renders it as text (see the module's docstring);
    with ``typed``, numbers, dates and booleans are left as they are (coordinates still rounded)."""
    expressions = {}
    for column in COLUMNS:
        if column.name in ("lon", "lat"):
            function = StX if column.name == "lon" else StY
            expression = _rounded(function("location", output_field=FloatField()))
        elif column.name == "directions":
            expression = _directions()
        elif column.name == "verified":
            expression = _verified(typed=typed)
        elif column.type == "string":
            # Text is never NULL in a row ("" when unknown, e.g. a camera in no district), so a
            # row reads the same from the database and from a release's snapshot file.
            expression = Coalesce(_as_text(F(column.source)), Value(""), output_field=TextField())
        else:
            expression = F(column.source)
        if column.type in ("integer", "number", "date") and not typed:
            expression = _as_text(expression)
        expressions[column.name] = expression
    return expressions


NULLABLE = tuple(i for i, column in enumerate(COLUMNS) if column.type != "string")


def rows_queryset(queryset: QuerySet, cell=None, *, typed: bool = False) -> QuerySet:
    """``queryset`` (cameras) as rows: a ``values_list`` of ``COLUMNS`` (aliases ``x_<name>``) in
    id order, numbers, dates and booleans as text unless ``typed``. ``cell``, if given, rewrites each
    column's expression, ``cell(column, expression)``: a format that PostgreSQL writes itself (see
    ``exporters/_copy.py``) finishes its values in SQL."""
    expressions = {
        f"x_{column.name}": expression if cell is None else cell(column, expression)
        for column, expression in zip(COLUMNS, row_expressions(typed=typed).values(), strict=True)
    }
    return queryset.order_by("id").annotate(**expressions).values_list(*expressions)


def camera_rows(queryset: QuerySet, *, chunk_size: int = 2000) -> Iterator[Row]:
    """The rows of ``queryset`` (cameras), in id order, read in chunks: on PostgreSQL through a
    server-side cursor, so memory stays flat however many cameras there are."""
    return rows_queryset(queryset).iterator(chunk_size=chunk_size)
