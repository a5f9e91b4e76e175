"""``declared`` and ``official_list`` in the camera filter language (cameras/filters.py), composed
with the other filters in cameramap/camera_filters.py:

* ``declared=true|false``: paired (matched or probable) with an entry of an official list, or not;
* ``official_list=<id>`` (one that names no list is, like an unknown ``area``, ``not_found``):
  the cameras in that list's area. With it, ``declared`` asks about that list alone:
  ``declared=false`` then means "in the list's area and not on it" (its not-declared cameras).
"""

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cameramap.cameras.filters import ChoiceListFilter
from cameramap.cameras.models import Camera
from cameramap.geo import Bbox, in_bbox

from .models import MatchStatus, OfficialList

# The statuses of an entry that pair it with a camera.
DECLARING_STATUSES = (MatchStatus.MATCHED, MatchStatus.PROBABLE)


class OfficialListField(forms.IntegerField):
    """An official list by id; its area is read here once."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        if not 1 <= value <= 10**18:
            raise ValidationError(_("There is no official list %(value)s."), params={"value": value}, code="invalid")
        found = OfficialList.objects.filter(pk=value).only("id", "coverage").first()
        if found is None:
            raise ValidationError(_("There is no official list %(value)s."), params={"value": value}, code="not_found")
        return found


class OfficialListFilter(filters.Filter):
    field_class = OfficialListField


class OfficialFilterSet(filters.FilterSet):
    declared = ChoiceListFilter(
        choices=[("true", "true"), ("false", "false")], method="declared_filter",
        help_text=_("true: cameras an official list declares (matched or probable); false: cameras no list declares "
                    "(with official_list: cameras in that list's area that it does not declare)."),
    )
    official_list = OfficialListFilter(
        method="official_list_filter",
        help_text=_("An official list's id: cameras in its area; with declared, those it declares or not."),
    )

    def declared_filter(self, queryset, name, value):
        if not value:
            return queryset
        official_list = self.form.cleaned_data.get("official_list")
        lookup = {"official_entries__status__in": DECLARING_STATUSES}
        if official_list is not None:
            lookup["official_entries__official_list"] = official_list.pk
        declared = Camera.objects.filter(**lookup).values("pk")
        # ``id``, not ``pk``: the same on the cameras of a past day (timeline.CameraState).
        return queryset.filter(id__in=declared) if value == "true" else queryset.exclude(id__in=declared)

    def official_list_filter(self, queryset, name, value):
        if value is None:
            return queryset
        if value.coverage is None:
            return queryset.none()
        west, south, east, north = value.coverage.extent
        box = Bbox(west=west, south=south, east=east, north=north)
        return in_bbox(queryset, box).filter(location__intersects=value.coverage)
