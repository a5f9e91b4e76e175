"""Small helpers shared by the writers."""

import re

# Characters XML 1.0 forbids anywhere in a document (control characters other than tab, line
# feed and carriage return). Free text typed on a phone can hold them; XML readers would refuse
# the whole file, so they are dropped.
_FORBIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff"
_XML_INVALID = re.compile(f"[{_FORBIDDEN}]")
# Anything xml_text() or xml_attr() changes: most values hold none of it.
_XML_SPECIAL = re.compile(f"[&<>{_FORBIDDEN}]")
_XML_ATTR_SPECIAL = re.compile(f"[&<>\"\t\n\r{_FORBIDDEN}]")
CHUNK_CHARS = 1 << 16


def xml_clean(value: str) -> str:
    if _XML_INVALID.search(value):
        return _XML_INVALID.sub("", value)
    return value


def xml_text(value: str) -> str:
    """Escape for element content."""
    if not _XML_SPECIAL.search(value):  # most values: one search in C, nothing to change
        return value
    return xml_clean(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(value: str) -> str:
    """Escape for a double-quoted attribute value (whitespace kept as character references, as
    XML would otherwise normalise new lines to spaces)."""
    if not _XML_ATTR_SPECIAL.search(value):
        return value
    return (
        xml_text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    )


def buffered(parts):
    """Join an iterator of strings into UTF-8 chunks of about 64 KiB."""
    buffer, size = [], 0
    for part in parts:
        buffer.append(part)
        size += len(part)
        if size >= CHUNK_CHARS:
            yield "".join(buffer).encode("utf-8")
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode("utf-8")


def row_function(name: str, expression: str, **names) -> "callable":
    """Compile ``def name(r): return <expression>`` once, ``r`` being a row.

    The writers call their row function a million times per download; a generic loop over the
    columns (look up the column's kind, pick a converter, call it) costs more than the writing
    itself. So each writer spells out, from ``COLUMNS``, one expression that formats a whole
    row — the technique ``collections.namedtuple`` and ``dataclasses`` use — and it is compiled
    here once, at import. Only names passed in ``names`` are visible to the expression."""
    namespace = dict(names)
    exec(f"def {name}(r):\n    return {expression}\n", namespace)  # noqa: S102 - built from our own column list
    return namespace[name]


class Memo(dict):
    """A value → what it becomes (the piece of a file it is written as, a date's day number),
    each distinct value worked out once. Most columns hold a handful of values a million times (a
    vocabulary word, a district, a date, an operator): a dictionary look-up is a fraction of
    building and escaping the piece again. Bounded: past ``LIMIT`` distinct values, the rest are
    worked out each time and not kept."""

    LIMIT = 2048

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, value):
        made = self.make(value)
        if len(self) < self.LIMIT:
            self[value] = made
        return made
