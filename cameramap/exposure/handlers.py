"""What the exposure app does when the cameras or the city's base data change (apps.py): ask for
a recomputation, which a burst of changes shares (runs.py)."""

from .tasks import exposure_request


def cameras_changed_fov(sender, *, camera_ids: list[int], **kwargs) -> None:
    exposure_request(camera_ids=list(camera_ids))


def city_imported_fov(sender, **kwargs) -> None:
    """New streets or buildings: every camera's view, then the exposure."""
    exposure_request(camera_ids=None)
