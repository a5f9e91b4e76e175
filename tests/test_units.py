"""Distances written for people (cameramap/units.py): metres or kilometres, in the language's
number format, and the {{ …|distance }} filter of the pages."""

import pytest
from django.template import Context, Template
from django.utils import translation

from cameramap.units import distance_text

NBSP = "\u00a0"


@pytest.mark.parametrize("metres, english, serbian", [
    (0, "0 m", "0 m"),
    (3.44, "3.4 m", "3,4 m"),
    (8, "8 m", "8 m"),
    (9.96, "10 m", "10 m"),
    (12.5, "13 m", "13 m"),  # halves round up, as the browser's Intl does
    (312.4, "312 m", "312 m"),
    (999.4, "999 m", "999 m"),
    (999.6, "1 km", "1 km"),
    (1234, "1.2 km", "1,2 km"),
    (6937543, "6,937.5 km", "6.937,5 km"),
    (20_000_000, "20,000 km", "20.000 km"),
])
def test_distances_are_metres_or_kilometres_in_the_languages_number_format(metres, english, serbian):
    with translation.override("en"):
        assert distance_text(metres) == english.replace(" ", NBSP)
    with translation.override("sr"):
        assert distance_text(metres) == serbian.replace(" ", NBSP)
    with translation.override("sr-latn"):
        assert distance_text(metres) == serbian.replace(" ", NBSP)


def test_number_and_unit_never_part_at_the_end_of_a_line():
    assert " " not in distance_text(6937543) and NBSP in distance_text(6937543)


@pytest.mark.parametrize("value, shown", [(1500.0, "1,5 km"), ("12", "12 m"), (None, ""), ("", ""), ("far", "")])
def test_the_distance_filter_writes_a_value_or_nothing(value, shown):
    with translation.override("sr"):
        html = Template("{% load units %}{{ value|distance }}").render(Context({"value": value}))
    assert html == shown.replace(" ", NBSP)
