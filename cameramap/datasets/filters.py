"""Which cameras a live download holds: a bounding box, an area, attribute values. The same
FilterSet serves the API and the form on /data/; a bad value is reported against its field."""

from datetime import date

import django_filters as filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cameramap.cameras import vocabulary as v
from cameramap.cameras.models import Area, Camera
from cameramap.cameras.selectors import bbox_parse

# Enumerated attributes a download can be filtered by; several values are separated by commas.
ENUM_FILTERS = {
    **v.ATTRIBUTE_CHOICES,
    "status": v.CameraStatus,
    "source": v.Source,
}
UNKNOWN = "unknown"  # how a client asks for the empty "don't know" value of an OSM attribute


class EnumListField(forms.Field):
    """``police,city`` → ["police", "city"], each checked against the vocabulary."""

    def __init__(self, *, enum, **kwargs):
        self.enum = enum
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in (None, ""):
            return []
        allowed = set(self.enum.values)
        values = []
        for part in str(value).split(","):
            part = part.strip()
            if part == UNKNOWN and "" in allowed:
                part = ""
            if part not in allowed:
                shown = sorted(UNKNOWN if a == "" else a for a in allowed)
                raise forms.ValidationError(
                    _("“%(value)s” is not one of: %(allowed)s."), params={"value": part, "allowed": ", ".join(shown)}
                )
            values.append(part)
        return values


class EnumFilter(filters.Filter):
    field_class = EnumListField

    def filter(self, qs, value):
        return qs.filter(**{f"{self.field_name}__in": value}) if value else qs


class BboxField(forms.Field):
    """``minlon,minlat,maxlon,maxlat`` in degrees → a Polygon in EPSG:4326 (checked as the map's
    bbox is, but of any size: a download may cover the whole world)."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        return bbox_parse(str(value), max_degrees=None).polygon()


class BboxFilter(filters.Filter):
    field_class = BboxField

    def filter(self, qs, value):
        # bboverlaps: the spatial index answers it on both backends; a point overlaps a box
        # exactly when it lies inside it.
        return qs.filter(location__bboverlaps=value) if value is not None else qs


class AreaField(forms.Field):
    """An area by id or by slug."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        value = str(value).strip()
        lookup = {"id": int(value)} if value.isdigit() else {"slug": value}
        area = Area.objects.filter(**lookup).only("id", "name", "slug").first()
        if area is None:
            raise forms.ValidationError(_("There is no area “%(value)s”."), params={"value": value})
        return area


class AreaFilter(filters.Filter):
    field_class = AreaField

    def filter(self, qs, value):
        return qs.filter(area_id=value.id) if value is not None else qs


class CameraExportFilter(filters.FilterSet):
    bbox = BboxFilter(label=_("Bounding box: minlon,minlat,maxlon,maxlat"))
    area = AreaFilter(label=_("Area id or slug"))
    operator = filters.CharFilter(field_name="operator", lookup_expr="icontains", max_length=200)
    manufacturer = filters.CharFilter(field_name="manufacturer", lookup_expr="icontains", max_length=100)
    first_seen_after = filters.DateFilter(field_name="first_seen", lookup_expr="gte")
    first_seen_before = filters.DateFilter(field_name="first_seen", lookup_expr="lte")
    last_confirmed_after = filters.DateFilter(field_name="last_confirmed", lookup_expr="gte")

    class Meta:
        model = Camera
        fields: list[str] = []


for _name, _enum in ENUM_FILTERS.items():
    CameraExportFilter.base_filters[_name] = EnumFilter(field_name=_name, enum=_enum)

PARAMETERS = tuple(CameraExportFilter.base_filters)


class FilterError(Exception):
    """Bad filter values: ``errors`` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def cameras_filter(queryset: QuerySet, params) -> QuerySet:
    """Apply the download filters in ``params`` (a QueryDict or dict) to ``queryset``. Unknown
    parameters are refused too: a misspelt filter would otherwise silently download everything."""
    unknown = sorted(set(params) - set(PARAMETERS))
    errors = {name: [str(_("Unknown filter."))] for name in unknown}
    filterset = CameraExportFilter(params, queryset=queryset)
    if not filterset.is_valid():
        for field, messages in filterset.errors.items():
            errors[field] = [str(m) for m in messages]
    if errors:
        raise FilterError(errors)
    return filterset.qs


def is_filtered(params) -> bool:
    return any(params.get(name) not in (None, "") for name in params)


def download_name(fmt: str, version: str | None = None, today: date | None = None) -> str:
    stamp = version or f"live-{(today or date.today()).isoformat()}"
    return f"cameramap-cameras-{stamp}.{fmt}"
