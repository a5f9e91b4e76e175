"""The one hand-off from the cameras app up to the apps above it. Imports run down the layers
(geo/photos → cameras → moderation → datasets → api/web); where cameras must tell a higher app
that something happened, it sends a signal that the higher app connects in its
``AppConfig.ready()``, so the dependency is written where it is made, not hidden in a string.

``report_settled`` (keyword argument ``report_id``; ``sender`` is the Report class)
    Sent once for each report, after the transaction that settled it has committed: when the
    last of its photos is processed or has failed, or at once when the report has no photo.
    The report is ready to be checked. moderation connects its pre-checks
    (moderation/handlers.py). Receivers must be quick and must not raise: they run in the web
    process or the photo worker that settled the report; anything slow belongs in a task.
"""

from django.db import transaction
from django.dispatch import Signal

report_settled = Signal()

cameras_changed = Signal()
"""``cameras_changed`` (keyword argument ``camera_ids``, a sorted list; ``sender`` None: the ids
say which cameras) — sent after the transaction that changed them has committed, whenever cameras were
created, approved, seen again, corrected or moved, merged, split or marked removed: every such
change writes its event through cameras/history.py, which announces it here
(``cameras_changed_announce``), and the OpenStreetMap import announces the cameras it creates
(what it updates writes an event). official connects the re-matching of the neighbourhood (official/handlers.py). Receivers
must be quick and must not raise, as for ``report_settled``."""


def cameras_changed_announce(camera_ids) -> None:
    """Send ``cameras_changed`` for these cameras once the current transaction commits (at once
    outside one); nothing if the transaction rolls back."""
    ids = sorted({int(pk) for pk in camera_ids if pk is not None})
    if ids:
        transaction.on_commit(lambda: cameras_changed.send(sender=None, camera_ids=ids))
