"""Database expressions that read the same on PostGIS and SpatiaLite.

They exist so that the rules of the data (coordinates on Earth, directions in degrees) are
enforced by the database itself as CHECK constraints, on both backends, and not only by forms.
"""

from django.db.models import BooleanField, FloatField, Func, Q
from django.db.models.lookups import IsNull, Range

from .vocabulary import MAX_DIRECTIONS


class StX(Func):
    """Longitude of a point (``ST_X`` exists under that name in PostGIS and SpatiaLite)."""

    function = "ST_X"
    output_field = FloatField()


class StY(Func):
    function = "ST_Y"
    output_field = FloatField()


def coordinates_on_earth(field: str) -> Q:
    """lon in [-180, 180] and lat in [-90, 90]. NULL passes, as in SQL's own CHECK semantics:
    nullability is the column's business."""
    x, y = StX(field), StY(field)
    return (Q(Range(x, (-180, 180))) & Q(Range(y, (-90, 90)))) | Q(IsNull(x, True))


class DirectionsValid(Func):
    """A JSON array of at most MAX_DIRECTIONS integers, each 0..359.

    CHECK constraints may not hold subqueries on either backend, so the array is unrolled: at
    most MAX_DIRECTIONS positions, each absent or an integer in range.
    """

    output_field = BooleanField()
    arity = 1

    def _repeat(self, compiler, template: str):
        # The argument appears many times in the template: repeat its params as often.
        arg_sql, arg_params = compiler.compile(self.source_expressions[0])
        count = template.count("%(expressions)s")
        return template % {"expressions": arg_sql}, tuple(arg_params) * count

    def as_postgresql(self, compiler, connection, **extra):
        template = (
            "(jsonb_typeof(%(expressions)s) = 'array'"
            f" AND jsonb_array_length(%(expressions)s) <= {MAX_DIRECTIONS}"
            " AND NOT jsonb_path_exists(%(expressions)s,"
            " '$[*] ? (@.type() != \"number\" || @ < 0 || @ > 359 || @ != @.floor())'))"
        )
        return self._repeat(compiler, template)

    def as_sqlite(self, compiler, connection, **extra):
        positions = " AND ".join(
            f"(json_type(%(expressions)s, '$[{i}]') IS NULL OR"
            f" (json_type(%(expressions)s, '$[{i}]') = 'integer'"
            f" AND json_extract(%(expressions)s, '$[{i}]') BETWEEN 0 AND 359))"
            for i in range(MAX_DIRECTIONS)
        )
        template = (
            "(json_valid(%(expressions)s) AND json_type(%(expressions)s) = 'array'"
            f" AND json_array_length(%(expressions)s) <= {MAX_DIRECTIONS} AND {positions})"
        )
        return self._repeat(compiler, template)
