"""PostgreSQL writing the file itself: ``COPY (query) TO STDOUT``.

A live CSV download on PostGIS need not go through Python objects at all: the query renders every
value as text, PostgreSQL's COPY writes the CSV (with parallel workers where the plan has them),
and the web process only gathers the lines into chunks for the response — no per-column
conversion, no row tuples, a few hundred nanoseconds a row on our side. CSV is still written by
the Python writer from rows too (releases, which are built from a snapshot, and the embedded
SpatiaLite default); tests hold the two to the same bytes.

COPY cannot take bound parameters, so the query's parameters are merged into its text by
psycopg's client-side binding (the quoting psycopg uses for every query Django sends it).
"""

from collections.abc import Iterator

from django.db import connection
from django.db.models import QuerySet
from psycopg import ClientCursor

from ..prefetch import download_transaction

CHUNK_BYTES = 1 << 16


def copy_out(queryset: QuerySet, options: str) -> Iterator[bytes]:
    """The rows of ``queryset`` (a ``values_list``) as COPY writes them with ``options``, in
    chunks of about 64 KiB. Stopping early (a client that goes away) cancels the COPY and leaves
    the connection usable (psycopg's ``Copy`` does that when its block exits with an error)."""
    sql, params = queryset.query.sql_with_params()
    with download_transaction(), connection.cursor() as cursor:
        raw = cursor.cursor
        with ClientCursor(raw.connection) as quoting:
            statement = quoting.mogrify(f"COPY ({sql}) TO STDOUT ({options})", params)
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
