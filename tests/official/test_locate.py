"""Locating address-only entries against the city's own streets and address points: numbers,
crossings, squares; either script, any case, abbreviations; and the reasons when it cannot."""

import pytest

from cameramap.city.names import number_key, street_key
from cameramap.geo import distance_m
from cameramap.official.addresses import address_parse
from cameramap.official.locate import Locator

from .conftest import CROSSING, KNEZ_12, SQUARE

pytestmark = pytest.mark.django_db


def off_m(location, where) -> float:
    return distance_m(location.lon, location.lat, *where) if location.lon is not None else float("inf")


@pytest.mark.parametrize("written", ["Knez Mihailova 12", "Кнез Михаилова 12", "KNEZ MIHAILOVA br. 12", "ul. Knez Mihailova 12, Beograd",
                                     "knez mihailova 12/3", "Кнез Михаилова бр. 12"])
def test_a_street_and_number_in_either_script(belgrade, written):
    found = Locator().locate(written)
    assert found.located_by == "address" and off_m(found, KNEZ_12) < 0.5 and found.precision_m == 10


@pytest.mark.parametrize("written", ["Kralja Milana / Resavska", "Краља Милана / Ресавска", "ugao Kr. Milana i Resavske",
                                     "Resavska & Kralja Milana"])
def test_an_intersection(belgrade, written):
    found = Locator().locate(written)
    assert found.located_by == "intersection" and off_m(found, CROSSING) < 1


def test_a_square_alone(belgrade):
    found = Locator().locate("Trg Republike")
    assert found.located_by == "address" and off_m(found, SQUARE) < 25 and found.precision_m < 50


def test_a_missing_number_between_two_known_ones_is_interpolated(belgrade):
    found = Locator().locate("Knez Mihailova 10")  # between 8 and 12
    assert found.located_by == "address" and found.precision_m > 10
    assert off_m(found, (20.4555, 44.8167)) < 2


@pytest.mark.parametrize("written,reason", [
    ("Nepostojeća 5", "no street named"),
    ("Kralja Milana", "too long to place without a house number"),
    ("Knez Mihailova / Trg Republike", "do not cross"),
    ("12", "not an address"),
])
def test_what_cannot_be_located_says_why(belgrade, written, reason):
    found = Locator().locate(written)
    assert found.located_by == "unlocated" and found.lon is None and reason in found.reason


def test_without_city_data_the_reason_says_what_to_import(db):
    assert "city_import" in Locator().locate("Knez Mihailova 12").reason


def test_keys_fold_scripts_case_diacritics_and_abbreviations():
    assert street_key("ул. Краља Милана") == street_key("Kralja Milana ulica") == street_key("KRALJA MILANA") == "kralja milana"
    assert street_key("Bul. kralja Aleksandra") == street_key("Булевар краља Александра")
    assert number_key("12а") == number_key("12 A") == "12a" and number_key("012/3") == "12"
    assert address_parse("Knez Mihailova 12/3").streets == ("knez mihailova",)
    assert address_parse("Kralja Milana / Resavska").streets == ("kralja milana", "resavska")


def test_helsinki_addresses_and_crossings_from_the_fixture_itself(helsinki):
    from cameramap.city.models import AddressPoint

    locator = Locator()
    # An address with several points (a large building's entrances) is right near any of them.
    truth = {}
    for a in AddressPoint.objects.order_by("id"):
        truth.setdefault(f"{a.street} {a.housenumber}", []).append((a.location.x, a.location.y))
    sample = sorted(truth)[:300]
    close = sum(min(off_m(locator.locate(written), where) for where in truth[written]) <= 25 for written in sample)
    assert close / len(sample) >= 0.95
    crossing = locator.locate("Mannerheimintie / Kaivokatu")
    assert crossing.located_by == "intersection" and off_m(crossing, (24.93850, 60.16988)) < 30
