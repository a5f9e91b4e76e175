"""Reading the data as of a day: the versions that held at the end of it, and which days can be
asked for (from the first record to today, in the site's time zone)."""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cameramap.cameras.models import Camera, Photo
from cameramap.cameras.selectors import camera_photos

from .models import CameraState
from .rebuild import STATE_FIELDS


def cameras_as_of(day: date) -> QuerySet[CameraState]:
    """The cameras the map showed at the end of ``day``, each as it was then (its attributes,
    status, sightings and district). Filters and aggregates written for published Camera rows run
    on it unchanged: the columns have the same names, ``id`` is the camera's."""
    return CameraState.objects.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))


def as_of_first_day() -> date | None:
    """The first day there is anything to show (None when there is nothing at all)."""
    first = CameraState.objects.aggregate(first=Min("valid_from"))["first"]
    if isinstance(first, str):
        first = date.fromisoformat(first[:10])
    return first


def as_of_parse(value: str | None) -> date | None:
    """``YYYY-MM-DD`` → the day, checked: not in the future and not before the first record.
    Empty → None (today's data). A bad value raises ValidationError saying why."""
    if value in (None, ""):
        return None
    try:
        day = date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(_("Enter a date as YYYY-MM-DD."), code="invalid") from None
    today = timezone.localdate()
    if day > today:
        raise ValidationError(_("%(day)s is in the future; the latest day is today, %(today)s.")
                              % {"day": day.isoformat(), "today": today.isoformat()}, code="future")
    first = as_of_first_day()
    if first is None or day < first:
        raise ValidationError(_("%(day)s is before the first record (%(first)s).")
                              % {"day": day.isoformat(), "first": first.isoformat() if first else today.isoformat()},
                              code="before_first")
    return day


def camera_as_of(camera_id: int, day: date) -> Camera | None:
    """One camera as it was at the end of ``day``, as an unsaved Camera (its id the camera's),
    for the code that shows one camera; None when the public did not see it that day."""
    state = cameras_as_of(day).filter(id=camera_id).first()
    if state is None:
        return None
    values = {name: getattr(state, name) for name in STATE_FIELDS}
    return Camera(id=state.id, location=state.location, published=True, **values)


def day_end(day: date) -> datetime:
    """The first moment after ``day`` (the site's time zone): what happened before it counts."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def camera_photos_as_of(camera: Camera, day: date) -> QuerySet[Photo]:
    """The camera's public photos whose report a moderator had accepted by the end of ``day``."""
    return camera_photos(camera).filter(report__decided_at__lt=day_end(day))


def as_of_bounds() -> dict[str, str | None]:
    """The days the data can be asked for, as ISO text: ``first`` (None when there is nothing)
    and ``today``."""
    first = as_of_first_day()
    return {"first": first.isoformat() if first else None, "today": timezone.localdate().isoformat()}
