"""Reading the next rows while the current ones are written.

A live download spends its time in two places, one after the other: PostgreSQL producing a chunk
of rows (casts, text, the server-side cursor's fetch) and Python writing them as CSV, GeoJSON, ….
PostgreSQL is another process, so the two can overlap: a thread fetches chunk n + 1 while the
request's thread writes chunk n. The thread waits on the database socket without holding the
GIL, so the overlap is real; at most ``depth`` chunks wait in the queue, so memory stays bounded.

The thread uses the request's own database connection (shared for the duration, as Django's live
test server does), not a new one: the rows are those of the request's transaction, and nothing
else uses the connection while the response is being streamed. A consumer that stops early (a
client that disconnects) stops the thread at the next chunk; an error in the thread is raised in
the consumer.
"""

import queue
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

from django.db import DEFAULT_DB_ALIAS, connections, transaction

_DONE = object()


@contextmanager
def download_transaction(using: str = DEFAULT_DB_ALIAS):
    """The transaction a live download reads in (PostgreSQL). A download lasts as long as its
    client takes to read it, so the server's statement timeout must not cut it short mid-file
    (after the 200 has gone out); a client that stops reading for ten minutes does end it, rather
    than holding back VACUUM for as long as its connection stays open. (SET LOCAL: nothing
    outlives the download.)"""
    with transaction.atomic(using=using):
        with connections[using].cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 0")
            cursor.execute("SET LOCAL idle_in_transaction_session_timeout = '10min'")
        yield


def rows_prefetched(rows: Iterable, *, chunk_size: int = 2000, depth: int = 2,
                    using: str = DEFAULT_DB_ALIAS) -> Iterator:
    """``rows`` (a lazy query iterator, not started yet), read in a background thread
    ``chunk_size`` at a time. Only worth it when the database is another process: on SQLite the
    rows are simply passed through."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield from rows
        return
    chunks: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                chunks.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def fetch() -> None:
        iterator = iter(())
        try:
            connections[using] = connection  # this thread reads through the request's connection
            iterator = iter(rows)
            while chunk := list(islice(iterator, chunk_size)):
                if not put(chunk):
                    return
            put(_DONE)
        except BaseException as error:  # noqa: BLE001 - handed to the consumer, raised there
            put(error)
        finally:
            # The query's cursor closed here, inside the transaction it was declared in.
            getattr(iterator, "close", lambda: None)()

    # In a transaction, so that PostgreSQL streams the rows: outside one, Django declares the
    # cursor WITH HOLD, and PostgreSQL computes every row before it sends the first (4.6 s of a
    # million-camera download during which nothing could be written).
    with download_transaction(using):
        connection.inc_thread_sharing()
        thread = threading.Thread(target=fetch, name="rows-prefetch", daemon=True)
        thread.start()
        try:
            while (chunk := chunks.get()) is not _DONE:
                if isinstance(chunk, BaseException):
                    raise chunk
                yield from chunk
        finally:
            stop.set()
            thread.join()
            connection.dec_thread_sharing()
