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

from django.dispatch import Signal

report_settled = Signal()
