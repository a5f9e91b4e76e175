"""Background upkeep of the read API."""

from celery import shared_task
from django.db import OperationalError

from cameramap.cameras.tile_cells import cells_refresh


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3, acks_late=True)
def tile_cells_refresh() -> bool:
    """Rebuild the pre-grouped cameras of far-away tiles if the cameras changed (PostGIS only;
    does nothing when they did not, so running it often is cheap)."""
    return cells_refresh()
