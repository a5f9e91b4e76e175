"""What official lists do when the cameras app signals (connected in apps.py)."""

from .models import OfficialList
from .tasks import official_rematch_near


def cameras_changed_rematch(sender, *, camera_ids: list[int], **kwargs) -> None:
    """Cameras changed (cameras.signals.cameras_changed): match their neighbourhood again in
    every list. Nothing to do while no list exists."""
    if OfficialList.objects.exists():
        official_rematch_near.delay(list(camera_ids))
