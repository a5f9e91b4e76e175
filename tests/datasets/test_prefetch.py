"""Live downloads read the next rows in a thread while the current ones are written
(cameramap/datasets/prefetch.py): the same rows in the same order, a client that stops early
stops the thread, and an error while reading reaches the response's own thread."""

import threading
from contextlib import closing

import pytest
from django.db import connection

from cameramap.cameras.models import Camera
from cameramap.datasets.columns import camera_rows
from cameramap.datasets.prefetch import rows_prefetched
from tests.factories import camera_make

pytestmark = pytest.mark.django_db


def prefetch_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "rows-prefetch"]


def test_the_rows_are_the_same_rows_in_the_same_order_in_small_chunks():
    for i in range(23):
        camera_make(lon=20.45 + i * 0.001, operator=f"operator {i}")

    direct = list(camera_rows(Camera.objects.all()))
    prefetched = list(rows_prefetched(camera_rows(Camera.objects.all()), chunk_size=5, depth=1))

    assert prefetched == direct and len(direct) == 23
    assert prefetch_threads() == []


@pytest.mark.postgis
def test_a_client_that_stops_early_stops_the_thread_and_the_connection_stays_usable():
    for i in range(30):
        camera_make(lon=20.45 + i * 0.001)
    with closing(rows_prefetched(camera_rows(Camera.objects.all()), chunk_size=4, depth=1)) as rows:
        first = [next(rows) for _ in range(6)]
        # Not a race: the thread can be at most two chunks ahead of us (one queued, one in hand),
        # row 16, so it is still reading whenever this runs.
        assert len(prefetch_threads()) == 1  # reading ahead while we hold these
        rows.close()  # the client went away

    assert len(first) == 6 and prefetch_threads() == []
    assert Camera.objects.count() == 30  # the shared connection is the request's again


@pytest.mark.postgis
def test_an_error_while_reading_is_raised_where_the_rows_are_consumed():
    def failing():
        yield ("a row",)
        with connection.cursor() as cursor:  # in the thread, on the shared connection
            cursor.execute("SELECT 1 / 0")

    with closing(rows_prefetched(failing(), chunk_size=1)) as rows:
        assert next(rows) == ("a row",)
        with pytest.raises(Exception, match="division by zero"):
            list(rows)
    assert prefetch_threads() == []


@pytest.mark.postgis
@pytest.mark.django_db(transaction=True)
def test_the_rows_stream_from_postgresql_instead_of_being_computed_first():
    # Outside a transaction Django declares the cursor WITH HOLD, and PostgreSQL computes every
    # row before sending the first: read ahead, the rows come from a plain cursor in a transaction.
    #
    # The cursor is looked at while it is certainly open, whatever the threads' timing: it was
    # declared before the first chunk (two rows) reached us, and the thread, at most two chunks
    # ahead of us (one queued, one in hand: row 6), cannot reach the end of twelve rows, where it
    # would close it, until we take more. (With five rows it could, and under load it did, before
    # pg_cursors was read: a test that needed the thread to be slow.) ``closing``: a failure here
    # must still end the download's transaction, or the connection stays in it, and the next
    # transactional test finds it closed (Django's teardown closes it, and in a transaction a
    # closed connection is only let go when the transaction ends).
    for i in range(12):
        camera_make(lon=20.45 + i * 0.001)
    with closing(rows_prefetched(camera_rows(Camera.objects.all(), chunk_size=1), chunk_size=2, depth=1)) as rows:
        next(rows)
        with connection.cursor() as cursor:
            cursor.execute("SELECT is_holdable FROM pg_cursors WHERE name LIKE '_django_curs_%%'")
            assert cursor.fetchall() == [(False,)]
        assert len(list(rows)) == 11
