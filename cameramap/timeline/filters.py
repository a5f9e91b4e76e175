"""``as_of=YYYY-MM-DD`` in the camera filter language (cameras/filters.py): the data as cameramap
held it at the end of that day. Composed with the other filters in cameramap/camera_filters.py,
first of them, so that the filters after it narrow the cameras of that day."""

import django_filters as filters
from django import forms
from django.utils.translation import gettext_lazy as _

from cameramap.cameras.models import Camera

from .selectors import as_of_parse, cameras_as_of


class AsOfField(forms.DateField):
    """A day to see the data as of: not in the future, not before the first record."""

    def to_python(self, value):
        return as_of_parse(value)


class AsOfFilter(filters.Filter):
    field_class = AsOfField


class AsOfFilterSet(filters.FilterSet):
    """``as_of`` swaps today's cameras for the versions that held at the end of the day (the rows
    of models.CameraState, whose columns have the names of Camera's)."""

    as_of = AsOfFilter(method="as_of_filter", help_text=_(
        "YYYY-MM-DD: the data as cameramap held it at the end of that day (from the first record to today)."))

    def as_of_filter(self, queryset, name, value):
        if value is None or queryset.model is not Camera:
            return queryset
        return cameras_as_of(value)
