"""What the timeline app does when cameras change (apps.py)."""

from .services import camera_states_refresh


def cameras_changed_states(sender, *, camera_ids: list[int], **kwargs) -> None:
    """Rebuild the versions of the cameras that changed. A few queries per thousand cameras (the
    events and the rows are read in bulk), so it runs here, right after the commit."""
    camera_states_refresh(camera_ids)
