"""KML 2.2 (OGC 07-147r2) for Google Earth: one Placemark per camera with its attributes as
ExtendedData (Google Earth shows them as a table in the balloon); empty values are left out."""

from collections.abc import Iterable, Iterator

from ..columns import COLUMNS, INDEX, TEXT, Row
from ._text import Memo, buffered, row_function, xml_text

# Numbers unique to each camera (nothing to escape): written as they are; every other column
# through a Memo of its elements.
_UNIQUE = ("id", "osm_id")


def _element(name: str, escape):
    return lambda value: f'<Data name="{name}"><value>{escape(value)}</value></Data>' if value else ""


def _placemark_function():
    # One f-string: Python builds the ~1 kB line in one go (a chain of + copies the growing line
    # at every step: a third slower).
    data, names = [], {}
    for column in COLUMNS:
        if column.name in ("lon", "lat"):
            continue
        i = INDEX[column.name]
        if column.name in _UNIQUE:
            data.append(f"""{{f'<Data name="{column.name}"><value>{{r[{i}]}}</value></Data>' if r[{i}] else ''}}""")
        else:
            escaped = column.name in TEXT or column.name == "osm_type"
            names[f"_c{i}"] = Memo(_element(column.name, xml_text if escaped else str))
            data.append(f"{{_c{i}[r[{i}]]}}")
    i, x, y = INDEX["id"], INDEX["lon"], INDEX["lat"]
    expression = (
        'f"""<Placemark id="camera-{r[%d]}"><name>camera {r[%d]}</name><ExtendedData>' % (i, i)
        + "".join(data)
        + '</ExtendedData><Point><coordinates>{r[%d]},{r[%d]}</coordinates></Point></Placemark>\\n"""' % (x, y)
    )
    return row_function("kml_placemark", expression, **names)


placemark = _placemark_function()


def _parts(rows: Iterable[Row], meta: dict) -> Iterator[str]:
    title = xml_text(meta.get("title") or "cameras")
    description = xml_text(" · ".join(str(meta[k]) for k in ("licence", "attribution") if meta.get(k)))
    yield (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>\n'
        f"<name>{title}</name>\n<description>{description}</description>\n"
    )
    yield from map(placemark, rows)
    yield "</Document>\n</kml>\n"


def stream(rows: Iterable[Row], *, meta: dict | None = None) -> Iterator[bytes]:
    return buffered(_parts(rows, meta or {}))
