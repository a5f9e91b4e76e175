"""One filter language for cameras: the base FilterSet that the API's list, count and tiles and
the downloads extend (each adds only what is its own: the list an order and a bounded box,
downloads "contains" on names).

The convention, the same everywhere:
* an enumerated attribute takes one or several values, repeated (``?operator_type=police&
  operator_type=city``) or comma-separated (``?operator_type=police,city``), and ``unknown``
  for the empty "don't know" value of an OSM attribute; a value outside the vocabulary is
  refused with the list of the valid ones;
* days are ``YYYY-MM-DD``, in ``<field>_after`` / ``<field>_before`` pairs (both inclusive);
  ``added_since`` and ``confirmed_since`` are the older names of ``first_seen_after`` and
  ``last_confirmed_after`` and keep working;
* ``bbox=minlon,minlat,maxlon,maxlat`` in WGS84 degrees, answered by the spatial index;
* ``area`` is a district's id or slug (one that names no area is an error of code ``not_found``,
  which the API answers with 404);
* ``verified=true|false``: verified by our volunteers' sightings, or imported only.
Every value is checked before it reaches the database: a bad one is a ValidationError naming
the field, never a server error.

The apps above add their own filters to the language (``as_of`` in timeline/filters.py,
``declared`` and ``official_list`` in official/filters.py); cameramap/camera_filters.py composes
them into the filter set the API and the downloads extend.
"""

import types

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ChoiceField

from cameramap.geo import bbox_parse, in_bbox

from . import vocabulary as v
from .models import Area, Camera

# Enumerated attributes a camera can be filtered by.
ENUM_FILTERS = {
    **v.ATTRIBUTE_CHOICES,
    "status": v.CameraStatus,
    "source": v.Source,
}
UNKNOWN = "unknown"  # how a client asks for the empty "don't know" value of an OSM attribute


class EnumListField(forms.MultipleChoiceField):
    """``police,city`` or the name repeated → ["police", "city"], each checked against the
    vocabulary; ``unknown`` stands for the empty value where the vocabulary has one."""

    def __init__(self, *, enum, **kwargs):
        self.enum = enum
        kwargs.setdefault("choices", enum_choices(enum))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):  # a plain dict of parameters rather than a QueryDict
            value = [value]
        values = super().to_python(value)
        return [part.strip() for item in values for part in item.split(",") if part.strip()]

    def validate(self, value):
        allowed = [choice for choice, _label in self.choices]
        for part in value:
            if part not in allowed:
                raise v.choice_error(part, allowed)

    def clean(self, value):
        values = super().clean(value)
        empty_allowed = "" in self.enum.values
        return ["" if part == UNKNOWN and empty_allowed else part for part in values]


def enum_choices(enum) -> list[tuple[str, str]]:
    """The vocabulary as a client writes it: ``unknown`` for the empty value."""
    return [(UNKNOWN if value == "" else value, label) for value, label in enum.choices]


class EnumFilter(filters.MultipleChoiceFilter):
    field_class = EnumListField

    def __init__(self, *, enum, **kwargs):
        choices = enum_choices(enum)
        kwargs.setdefault("help_text", format_lazy(
            _("One or more of: {values}; repeated or comma-separated."), values=", ".join(c for c, _l in choices)))
        super().__init__(enum=enum, choices=choices, distinct=False, **kwargs)

    def filter(self, qs, value):
        return qs.filter(**{f"{self.field_name}__in": value}) if value else qs


class ChoiceListField(ChoiceField):
    """One value of a few; a value that is none of them is refused with the list of them."""

    def validate(self, value):
        if value not in self.empty_values and not self.valid_value(value):
            raise v.choice_error(value, [str(choice) for choice, _label in self.choices if choice != ""])
        super().validate(value)


class ChoiceListFilter(filters.ChoiceFilter):
    field_class = ChoiceListField


class OrderingFilter(filters.OrderingFilter):
    """django-filter's, refusing an unknown order with the list of the known ones."""

    field_class = ChoiceListField


class IntegerFilter(filters.NumberFilter):
    """A whole number (django-filter's NumberFilter takes decimals)."""

    field_class = forms.IntegerField


class BboxField(forms.CharField):
    """``minlon,minlat,maxlon,maxlat`` → geo.Bbox, at most ``max_degrees`` a side (None: any
    box on Earth)."""

    def __init__(self, *, max_degrees: float | None = None, **kwargs):
        self.max_degrees = max_degrees
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        return bbox_parse(value, max_degrees=self.max_degrees)


class BboxFilter(filters.Filter):
    field_class = BboxField

    def filter(self, qs, value):
        return qs if value is None else in_bbox(qs, value)


class AreaField(forms.Field):
    """An area by id or by slug."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        value = str(value).strip()
        lookup = {"id": int(value)} if value.isdigit() else {"slug": value}
        area = Area.objects.filter(**lookup).only("id", "name", "slug").first()
        if area is None:
            raise ValidationError(_("There is no area “%(value)s”."), params={"value": value}, code="not_found")
        return area


class AreaFilter(filters.Filter):
    field_class = AreaField

    def filter(self, qs, value):
        return qs.filter(area_id=value.id) if value is not None else qs


def _day(field: str, lookup: str, help_text: str) -> filters.DateFilter:
    return filters.DateFilter(field_name=field, lookup_expr=lookup, help_text=help_text)


# One filter per enumerated attribute, declared from the vocabulary (a FilterSet's filters are
# inherited only when declared in a class, hence a class of them rather than a loop after).
EnumFilterSet = types.new_class("EnumFilterSet", (filters.FilterSet,), exec_body=lambda namespace: namespace.update(
    {name: EnumFilter(field_name=name, enum=enum) for name, enum in ENUM_FILTERS.items()}
))


class CameraFilter(EnumFilterSet):
    bbox = BboxFilter(max_degrees=None, help_text=_("minlon,minlat,maxlon,maxlat (WGS84)."))
    area = AreaFilter(help_text=_("A district's id or slug."))
    operator = filters.CharFilter(
        field_name="operator", lookup_expr="iexact", max_length=200, help_text=_("Operator's name, exactly (any case).")
    )
    first_seen_after = _day("first_seen", "gte", _("First seen on or after this day (YYYY-MM-DD)."))
    first_seen_before = _day("first_seen", "lte", _("First seen on or before this day (YYYY-MM-DD)."))
    last_confirmed_after = _day("last_confirmed", "gte", _("Last confirmed on or after this day (YYYY-MM-DD)."))
    last_confirmed_before = _day("last_confirmed", "lte", _("Last confirmed on or before this day (YYYY-MM-DD)."))
    added_since = _day("first_seen", "gte", _("The older name of first_seen_after."))
    confirmed_since = _day("last_confirmed", "gte", _("The older name of last_confirmed_after."))
    verified = ChoiceListFilter(
        choices=[("true", "true"), ("false", "false")], method="verified_filter",
        help_text=_("true: cameras our volunteers' sightings verified; false: imported ones, not yet seen by them."),
    )
    min_sightings = IntegerFilter(
        field_name="confirmations", lookup_expr="gte", min_value=1, max_value=1_000_000,
        help_text=_("At least this many independent sightings."),
    )

    class Meta:
        model = Camera
        fields: list[str] = []

    def verified_filter(self, queryset, name, value):
        return queryset.filter(verified_on__isnull=value != "true") if value else queryset
