"""KML 2.2 (OGC 07-147r2) for Google Earth: one Placemark per camera with its attributes as
ExtendedData (Google Earth shows them as a table in the balloon); empty values are left out.

Written two ways that give the same bytes: by Python from rows (``stream``: releases, SpatiaLite)
and, for live downloads on PostGIS, by PostgreSQL (``copy``), each Placemark built by the query
as one line of text. Line breaks inside values are written as character references (``&#10;``),
so that every Placemark is one line; an XML reader reads them back as the same line breaks."""

from collections.abc import Iterable, Iterator

from django.db.models import Func, QuerySet, TextField, Value
from django.db.models.functions import Coalesce, NullIf, Replace

from ..columns import COLUMNS, INDEX, TEXT, Row, row_expressions
from ._copy import copy_lines
from ._text import XML_INVALID_SQL, buffered, row_function, xml_text

# Escaped: the free text, and osm_type (from OpenStreetMap). The rest are numbers, dates and the
# vocabulary's ASCII words, kept to it by the database's CHECK constraints.
ESCAPED = (*TEXT, "osm_type")
_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\n", "&#10;"), ("\r", "&#13;"))


def kml_text(value: str) -> str:
    return xml_text(value).replace("\n", "&#10;").replace("\r", "&#13;")


def _data_columns():
    return [column for column in COLUMNS if column.name not in ("lon", "lat")]


def _placemark_function():
    data = []
    for column in _data_columns():
        i = INDEX[column.name]
        value = f"_kml(r[{i}])" if column.name in ESCAPED else f"r[{i}]"
        data.append(f"""('<Data name="{column.name}"><value>' + {value} + '</value></Data>' if r[{i}] else '')""")
    i, x, y = INDEX["id"], INDEX["lon"], INDEX["lat"]
    expression = (
        f"""'<Placemark id="camera-' + r[{i}] + '"><name>camera ' + r[{i}] + '</name><ExtendedData>' + """
        + " + ".join(data)
        + f""" + '</ExtendedData><Point><coordinates>' + r[{x}] + ',' + r[{y}] + '</coordinates></Point></Placemark>\\n'"""
    )
    return row_function("kml_placemark", expression, _kml=kml_text)


placemark = _placemark_function()


def _joined(*parts):
    return Func(*parts, template="(%(expressions)s)", arg_joiner=" || ", output_field=TextField())


def _sql_kml_text(expression):
    """kml_text() in SQL."""
    text = Func(expression, Value(XML_INVALID_SQL), Value(""), Value("g"), function="regexp_replace", output_field=TextField())
    for old, new in _ESCAPES:
        text = Replace(text, Value(old), Value(new), output_field=TextField())
    return text


def placemark_sql():
    """placemark() as one SQL expression over a camera, without the line's end (COPY adds it)."""
    values, ident = row_expressions(), row_expressions()["id"]
    data = []
    for column in _data_columns():
        value = values[column.name]
        if column.name in ESCAPED:
            value = _sql_kml_text(value)
        # 'a' || NULL is NULL: an empty or missing value leaves its element out, as in Python.
        element = _joined(Value(f'<Data name="{column.name}"><value>'), NullIf(value, Value(""), output_field=TextField()), Value("</value></Data>"))
        data.append(Coalesce(element, Value(""), output_field=TextField()))
    return _joined(
        Value('<Placemark id="camera-'), values["id"], Value('"><name>camera '), ident,
        Value("</name><ExtendedData>"), *data, Value("</ExtendedData><Point><coordinates>"),
        values["lon"], Value(","), values["lat"], Value("</coordinates></Point></Placemark>"),
    )


def _header(meta: dict) -> str:
    title = xml_text(meta.get("title") or "cameras")
    description = xml_text(" · ".join(str(meta[k]) for k in ("licence", "attribution") if meta.get(k)))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>\n'
        f"<name>{title}</name>\n<description>{description}</description>\n"
    )


FOOTER = "</Document>\n</kml>\n"


def _parts(rows: Iterable[Row], meta: dict) -> Iterator[str]:
    yield _header(meta)
    yield from map(placemark, rows)
    yield FOOTER


def stream(rows: Iterable[Row], *, meta: dict | None = None) -> Iterator[bytes]:
    return buffered(_parts(rows, meta or {}))


def copy(queryset: QuerySet, *, meta: dict | None = None) -> Iterator[bytes]:
    yield _header(meta or {}).encode("utf-8")
    yield from copy_lines(queryset.order_by("id").annotate(kml_placemark=placemark_sql()).values_list("kml_placemark"))
    yield FOOTER.encode("utf-8")
