"""Which cameras a live download holds: the camera filter language (cameramap/camera_filters.py),
where a name is matched by "contains" and the manufacturer can be asked for too. The same
FilterSet serves the API and the form on /data/; a bad value is reported against its field, and
so is a parameter that is no filter at all."""

from datetime import date

import django_filters as filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cameramap.camera_filters import CameraFilterSet


class CameraExportFilter(CameraFilterSet):
    operator = filters.CharFilter(
        field_name="operator", lookup_expr="icontains", max_length=200, help_text=_("Operator's name contains (any case).")
    )
    manufacturer = filters.CharFilter(
        field_name="manufacturer", lookup_expr="icontains", max_length=100,
        help_text=_("Manufacturer's name contains (any case)."),
    )


PARAMETERS = tuple(CameraExportFilter.base_filters)


class FilterError(Exception):
    """Bad filter values: ``errors`` maps each field to its messages, ``codes`` to their codes
    (``not_found`` for an area that does not exist, ``unknown`` for a parameter that is no filter)."""

    def __init__(self, errors: dict[str, list[str]], codes: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors
        self.codes = codes


def cameras_filter(queryset: QuerySet, params) -> QuerySet:
    """Apply the download filters in ``params`` (a QueryDict or dict) to ``queryset``. Unknown
    parameters are refused too: a misspelt filter would otherwise silently download everything."""
    unknown = sorted(set(params) - set(PARAMETERS))
    errors = {name: [str(_("Unknown filter."))] for name in unknown}
    codes = {name: ["unknown"] for name in unknown}
    filterset = CameraExportFilter(params, queryset=queryset)
    if not filterset.is_valid():
        for field, field_errors in filterset.errors.as_data().items():
            errors[field] = [message for error in field_errors for message in error.messages]
            codes[field] = [error.code for error in field_errors for _message in error.messages]
    if errors:
        raise FilterError(errors, codes)
    return filterset.qs


def is_filtered(params) -> bool:
    return any(params.get(name) not in (None, "") for name in params)


def download_name(fmt: str, version: str | None = None, today: date | None = None) -> str:
    stamp = version or f"live-{(today or date.today()).isoformat()}"
    return f"cameramap-cameras-{stamp}.{fmt}"
