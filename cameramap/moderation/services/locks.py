"""Locks. Two kinds:

* the *area lock* serializes everything that could create a camera at one place, so that two
  reports of the same new camera processed at the same moment give one camera: the second waits,
  then finds the first one's camera as its candidate. On PostGIS it is a transaction-scoped
  advisory lock on every grid cell the dedup envelope touches (taken in sorted order, so two
  transactions never wait on each other crosswise). A camera created at point P is in the cell of
  P, and any later report within the radius of P has that cell in its envelope: they always meet
  on at least one cell. On SQLite the whole database has one writer at a time, so the lock is
  the write lock, taken by the transaction's first statement (before it reads anything: a
  reader that upgrades to a writer later would fail with "database is locked" instead of
  waiting).
* the *review lock* keeps a report for one moderator for a few minutes, from the moment they
  act on it (a decision attempt, "Keep it", a change to its photos' blurring) — not when they
  merely open it, so that a moderator who walks away from a report does not keep it from the
  others. A decision releases it.
"""

import math
import zlib
from datetime import timedelta

from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cameramap.cameras.history import Action, event_write
from cameramap.cameras.models import Report
from cameramap.geo import envelope

from ..errors import Conflict
from ..models import ReviewLock

LOCK_NAMESPACE = 0x4D4F4431  # "MOD1": keeps our advisory locks apart from anybody else's
CELL_DEG = 0.002  # about 220 m: a 25 m envelope touches one to four cells
MAX_CELLS = 16


def write_lock() -> None:
    """On SQLite, become the one writer now (call first thing in a transaction). PostgreSQL
    needs nothing: it locks rows."""
    if connection.vendor == "sqlite":
        assert connection.in_atomic_block, "write_lock() belongs inside transaction.atomic()"
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {ReviewLock._meta.db_table} SET expires_at = expires_at WHERE 0")


def _cell_key(ix: int, iy: int) -> int:
    key = zlib.crc32(f"{ix}:{iy}".encode())
    return key - 2**32 if key >= 2**31 else key


def area_cells(point: Point, radius_m: float) -> list[int]:
    xmin, ymin, xmax, ymax = envelope(point.x, point.y, radius_m)
    xs = range(math.floor(xmin / CELL_DEG), math.floor(xmax / CELL_DEG) + 1)
    ys = range(math.floor(ymin / CELL_DEG), math.floor(ymax / CELL_DEG) + 1)
    if len(xs) * len(ys) > MAX_CELLS:  # only near the poles: one coarse lock for the band
        return [_cell_key(10**6, math.floor(point.y))]
    return sorted({_cell_key(ix, iy) for ix in xs for iy in ys})


def area_lock(point: Point, radius_m: float | None = None) -> None:
    """Hold, until the transaction ends, the right to create cameras near ``point``."""
    assert connection.in_atomic_block, "area_lock() belongs inside transaction.atomic()"
    if connection.vendor != "postgresql":
        write_lock()
        return
    with connection.cursor() as cursor:
        for key in area_cells(point, radius_m or settings.DEDUP_RADIUS_M):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, key])


# --- review locks -------------------------------------------------------------------------

def review_lock_message(lock: ReviewLock) -> str:
    """Who has the report, until when: what another moderator is told."""
    return _("%(moderator)s is reviewing this report until %(time)s.") % {
        "moderator": lock.moderator.get_username(), "time": timezone.localtime(lock.expires_at).strftime("%H:%M"),
    }


@transaction.atomic
def review_lock_take(*, report: Report, moderator) -> ReviewLock:
    """Open a report for review, or extend one's own lock. Refused while someone else holds it."""
    write_lock()
    now = timezone.now()
    expires = now + timedelta(seconds=settings.REVIEW_LOCK_S)
    lock = ReviewLock.objects.select_for_update().select_related("moderator").filter(report=report).first()
    if lock is not None and lock.moderator_id != moderator.pk and lock.expires_at > now:
        raise Conflict(review_lock_message(lock), code="locked")
    fresh = lock is None or lock.moderator_id != moderator.pk or lock.expires_at <= now
    if lock is None:
        try:
            with transaction.atomic():
                lock = ReviewLock.objects.create(report=report, moderator=moderator, expires_at=expires)
        except IntegrityError:  # someone took it between our read and our write
            lock = ReviewLock.objects.select_related("moderator").get(report=report)
            raise Conflict(review_lock_message(lock), code="locked") from None
    else:
        lock.moderator, lock.expires_at = moderator, expires
        lock.save(update_fields=["moderator", "expires_at"])
    if fresh:
        event_write(action=Action.LOCK, report=report, moderator=moderator)
    return lock


def review_lock_check(*, report: Report, moderator) -> None:
    """Raise Conflict when someone other than ``moderator`` has the report open."""
    lock = ReviewLock.objects.select_related("moderator").filter(report=report, expires_at__gt=timezone.now()).first()
    if lock is not None and (moderator is None or lock.moderator_id != moderator.pk):
        raise Conflict(review_lock_message(lock), code="locked")


def review_lock_release(*, report: Report, moderator=None) -> bool:
    """Give the report back to the queue (only one's own lock, unless moderator is None)."""
    locks = ReviewLock.objects.filter(report=report)
    if moderator is not None:
        locks = locks.filter(moderator=moderator)
    deleted, _rows = locks.delete()
    return bool(deleted)
