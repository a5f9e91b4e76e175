from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .vocabulary import MAX_DIRECTIONS


def validate_directions(value) -> None:
    if not isinstance(value, list):
        raise ValidationError(_("Directions must be a list of degrees."), code="invalid")
    if len(value) > MAX_DIRECTIONS:
        raise ValidationError(_("At most %(max)d directions."), code="max_length", params={"max": MAX_DIRECTIONS})
    for degrees in value:
        if isinstance(degrees, bool) or not isinstance(degrees, int) or not 0 <= degrees <= 359:
            raise ValidationError(_("Each direction is a whole number of degrees from 0 to 359."), code="range")


def validate_on_earth(point) -> None:
    if point is None:
        return
    if not (-180 <= point.x <= 180 and -90 <= point.y <= 90):
        raise ValidationError(_("Longitude must be within -180..180 and latitude within -90..90."), code="range")
