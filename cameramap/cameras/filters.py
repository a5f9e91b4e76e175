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
* ``verified=true|false``: verified by our volunteers' sightings, or imported only;
* ``declared=true|false`` and ``official_list=<id>`` (one that names no list is, like an unknown ``area``, ``not_found``): paired (matched or probable) with an entry
  of an official list, or not. With ``official_list`` the question is about that list alone:
  ``declared=false`` then means "in that list's area and not on it" (its not-declared cameras),
  and ``official_list`` without ``declared`` means every camera in the list's area.
Every value is checked before it reaches the database: a bad one is a ValidationError naming
the field, never a server error.
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


class AsOfField(forms.DateField):
    """A day to see the data as of: not in the future, not before the first record."""

    def to_python(self, value):
        # The timeline app is above this one: reached here, where the filter is used, as the
        # official lists are below.
        from cameramap.timeline.selectors import as_of_parse

        return as_of_parse(value)


class AsOfFilter(filters.Filter):
    field_class = AsOfField


class AsOfFilterSet(filters.FilterSet):
    """First of every camera filter set, so that the filters after it narrow the cameras of that
    day: ``as_of`` swaps today's cameras for the versions that held at the end of the day (the
    rows of timeline.CameraState, whose columns have the names of Camera's)."""

    as_of = AsOfFilter(method="as_of_filter", help_text=_(
        "YYYY-MM-DD: the data as cameramap held it at the end of that day (from the first record to today)."))

    def as_of_filter(self, queryset, name, value):
        if value is None or queryset.model is not Camera:
            return queryset
        from cameramap.timeline.selectors import cameras_as_of

        return cameras_as_of(value)


# One filter per enumerated attribute, declared from the vocabulary (a FilterSet's filters are
# inherited only when declared in a class, hence a class of them rather than a loop after).
EnumFilterSet = types.new_class("EnumFilterSet", (AsOfFilterSet,), exec_body=lambda namespace: namespace.update(
    {name: EnumFilter(field_name=name, enum=enum) for name, enum in ENUM_FILTERS.items()}
))


class OfficialListField(forms.IntegerField):
    """An official list by id; its area is read here once (the list's app is above this one:
    the model is reached by name, and the cameras by the ``official_entries`` relation it adds)."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        if not 1 <= value <= 10**18:
            raise ValidationError(_("There is no official list %(value)s."), params={"value": value}, code="invalid")
        from django.apps import apps

        found = apps.get_model("official", "OfficialList").objects.filter(pk=value).only("id", "coverage").first()
        if found is None:
            raise ValidationError(_("There is no official list %(value)s."), params={"value": value}, code="not_found")
        return found


class OfficialListFilter(filters.Filter):
    field_class = OfficialListField


# Statuses of an official entry that pair it with a camera (official/models.py MatchStatus).
DECLARING_STATUSES = ("matched", "probable")


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
    declared = ChoiceListFilter(
        choices=[("true", "true"), ("false", "false")], method="declared_filter",
        help_text=_("true: cameras an official list declares (matched or probable); false: cameras no list declares "
                    "(with official_list: cameras in that list's area that it does not declare)."),
    )
    official_list = OfficialListFilter(
        method="official_list_filter",
        help_text=_("An official list's id: cameras in its area; with declared, those it declares or not."),
    )
    min_sightings = IntegerFilter(
        field_name="confirmations", lookup_expr="gte", min_value=1, max_value=1_000_000,
        help_text=_("At least this many independent sightings."),
    )

    class Meta:
        model = Camera
        fields: list[str] = []

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
        from cameramap.geo import Bbox

        return in_bbox(queryset, Bbox(west=west, south=south, east=east, north=north)).filter(location__intersects=value.coverage)

    def verified_filter(self, queryset, name, value):
        return queryset.filter(verified_on__isnull=value != "true") if value else queryset
