"""{% load units %}: {{ metres|distance }} writes a distance for people (cameramap/units.py)."""

from django import template

from cameramap.units import distance_text

register = template.Library()


@register.filter
def distance(metres) -> str:
    """"312 m", "1,2 km"; empty for no value (an unknown accuracy, a missing distance)."""
    if metres is None or metres == "":
        return ""
    try:
        return distance_text(float(metres))
    except (TypeError, ValueError):
        return ""
