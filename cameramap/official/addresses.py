"""Reading an address as written into the parts locate.py looks up: one street and a house
number ("Knez Mihailova 12", "ул. Краља Милана бр. 3а"), two streets that cross ("Kralja Milana
/ Resavska", "ugao Kralja Milana i Resavske"), or a street or square alone ("Trg Republike").

Street names become keys with city/names.py ``street_key`` (one script, no case, no diacritics,
abbreviations spelt out), the same function the city's streets were stored with."""

import re
from dataclasses import dataclass

from cameramap.city.names import number_key, street_key

# "/" between two streets, but not inside a house number (12/3); "&", " i ", " и ", " x ", " - ".
_CROSSING = re.compile(r"\s*(?<!\d)/\s*|\s*/(?!\s*\d)\s*|\s+(?:&|i|и|x|and|kod|код)\s+|\s+[-–]\s+|\s*;\s*", re.IGNORECASE)
_PREFIX = re.compile(r"^\s*(?:ugao|угао|raskrsnica|раскрсница|raskršće|раскршће|križanje|corner of|kod|код|ispred|испред)\s+",
                     re.IGNORECASE)
_NUMBER_LAST = re.compile(r"^(?P<street>.*?\D)[\s,]+(?:br\.?|бр\.?|broj|број|no\.?|nr\.?)?\s*(?P<number>\d+\s?[^\W\d_]?)(?:\s*[/-]\s*\d+\w*)?\s*$",
                          re.IGNORECASE)
_NUMBER_FIRST = re.compile(r"^(?P<number>\d+[^\W\d_]?)\s+(?P<street>\D.*)$")
_NO_NUMBER = re.compile(r"\s+(?:bb|бб|b\.b\.|б\.б\.|bez broja|без броја)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Address:
    streets: tuple[str, ...]  # street keys: one, or two for a crossing
    number: str = ""  # number_key, for a single street
    written: str = ""
    names: tuple[str, ...] = ()  # the streets as written, for messages


def _street_part(text: str) -> tuple[str, str]:
    text = _NO_NUMBER.sub("", text.strip(" ,."))
    for pattern in (_NUMBER_LAST, _NUMBER_FIRST):
        match = pattern.match(text)
        if match:
            return match.group("street").strip(" ,."), number_key(match.group("number"))
    return text, ""


def address_parse(written: str) -> Address | None:
    """None when nothing that could be a street is left."""
    text = written.strip()
    if "," in text:  # "Knez Mihailova 12, Beograd": the place after the comma is not the street
        head, _comma, tail = text.partition(",")
        text = f"{head} {tail.strip()}" if re.match(r"^\s*(?:br\.?|бр\.?|broj|број)?\s*\d", tail, re.IGNORECASE) else head
    text = _PREFIX.sub("", text)
    parts = [p for p in _CROSSING.split(text) if p and p.strip(" ,.")]
    if len(parts) >= 2:
        names = tuple(_street_part(p)[0] for p in parts[:2])
        keys = tuple(street_key(name) for name in names)
        named = all(any(c.isalpha() for c in key) for key in keys)
        return Address(streets=keys, written=written, names=names) if named and keys[0] != keys[1] else None
    street, number = _street_part(text)
    key = street_key(street)
    return Address(streets=(key,), number=number, written=written, names=(street,)) if any(c.isalpha() for c in key) else None
