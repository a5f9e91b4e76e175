"""PostgreSQL writing the file itself: ``COPY (query) TO STDOUT``.

A live download on PostGIS of a format whose rows are plain text lines (CSV, KML) need not go
through Python objects at all: the query renders every row as text, PostgreSQL's COPY sends the
lines, and the web process only gathers them into chunks for the response — no per-column
conversion, no row tuples, a few hundred nanoseconds a row on our side. The same formats are
still written by the Python writers from rows (releases, which are built from a snapshot, and
the embedded SpatiaLite default); tests hold the two to the same bytes.

COPY cannot take bound parameters, so the query's parameters are merged into its text by
psycopg's client-side binding (the quoting psycopg uses for every query Django sends it).
"""

from collections.abc import Iterator

from django.db import connection
from django.db.models import QuerySet
from psycopg import ClientCursor

CHUNK_BYTES = 1 << 16


def copy_out(queryset: QuerySet, options: str) -> Iterator[bytes]:
    """The rows of ``queryset`` (a ``values_list``) as COPY writes them with ``options``, in
    chunks of about 64 KiB. Stopping early (a client that goes away) cancels the COPY and leaves
    the connection usable (psycopg's ``Copy`` does that when its block exits with an error)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        statement = ClientCursor(raw.connection).mogrify(f"COPY ({sql}) TO STDOUT ({options})", params)
        with raw.copy(statement) as copy:
            buffer, size = [], 0
            for line in copy:  # one row each, straight from libpq
                buffer.append(line)
                size += len(line)
                if size >= CHUNK_BYTES:
                    yield b"".join(buffer)
                    buffer, size = [], 0
            if buffer:
                yield b"".join(buffer)


def copy_lines(queryset: QuerySet) -> Iterator[bytes]:
    """Each row's one text value, sent verbatim as a line. COPY's CSV mode would quote a value
    holding its delimiter, its quote character, CR or LF, and leaves everything else alone: so
    the delimiter and quote are two control characters that XML forbids (the writers remove them
    from text), and the values must spell line breaks as character references. Then nothing is
    ever quoted or escaped, and what the query built is what the client gets."""
    return copy_out(queryset, r"FORMAT csv, DELIMITER E'\x02', QUOTE E'\x01'")
