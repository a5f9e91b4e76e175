"""The camera filter language whole: the cameras app's filters (cameras/filters.py) with those the
apps above it add, ``as_of`` (timeline/filters.py) first, so that every other filter narrows the
cameras of that day, and ``declared`` / ``official_list`` (official/filters.py). The API's list,
count and tiles and the downloads extend it (api/filters.py, datasets/filters.py)."""

from cameramap.cameras.filters import CameraFilter
from cameramap.official.filters import OfficialFilterSet
from cameramap.timeline.filters import AsOfFilterSet


class CameraFilterSet(AsOfFilterSet, CameraFilter, OfficialFilterSet):
    class Meta(CameraFilter.Meta):
        pass
