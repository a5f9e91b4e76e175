"""What the exposure app does when the cameras or the city's base data change (apps.py)."""

from .tasks import fov_compute


def cameras_changed_fov(sender, *, camera_ids: list[int], **kwargs) -> None:
    fov_compute.delay(list(camera_ids))


def city_imported_fov(sender, **kwargs) -> None:
    """New streets or buildings: every camera's view (the task then computes the exposure)."""
    fov_compute.delay(None)
