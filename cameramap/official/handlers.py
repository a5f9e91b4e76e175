"""What official lists do when the cameras app signals (connected in apps.py)."""

import logging

from kombu.exceptions import OperationalError

from .models import OfficialList
from .tasks import official_rematch_near

log = logging.getLogger(__name__)


def cameras_changed_rematch(sender, *, camera_ids: list[int], **kwargs) -> None:
    """Cameras changed (cameras.signals.cameras_changed): match their neighbourhood again in
    every list. Nothing to do while no list exists. A broker that is down loses this one
    re-match, not the moderator's decision that set it off (receivers must not raise): the next
    change around there, or ``manage.py official_match``, brings the pairs back."""
    if not OfficialList.objects.exists():
        return
    try:
        official_rematch_near.delay(list(camera_ids))
    except (OperationalError, OSError) as error:
        log.warning("official lists: re-matching around cameras %s not queued: %s", camera_ids[:20], error)
