"""How a street name or a house number is compared: folded to one script, no case, no
diacritics (cameramap/text.py ``fold``), with the common abbreviations of street types spelt out
and the word "street" itself dropped, so that "ul. Kralja Milana", "КРАЉА МИЛАНА" and
"Kralja Milana ulica" share one key. Both sides — the city's streets and an official list's
addresses — go through the same function."""

import re

from cameramap.text import fold

# Folded word → what it stands for ("" drops it). Serbian (both scripts fold to these), a few
# English ones; Finnish, German and other names that write the type into the word need none.
ABBREVIATIONS = {
    "ul": "", "ulica": "", "street": "", "st": "",
    "bul": "bulevar", "blvd": "bulevar", "bulevard": "bulevar", "bulevar": "bulevar",
    "sq": "trg", "square": "trg",
    "kr": "kralja", "kralj": "kralja",
    "vojv": "vojvode", "dr": "doktora", "sv": "svetog", "kn": "kneza", "knj": "kneginje",
    "gen": "generala", "mar": "marsala", "pr": "prolaz", "nas": "naselje",
}
_NUMBER = re.compile(r"^(\d+)\s*([a-z]?)\b")


def street_key(name: str) -> str:
    words = [ABBREVIATIONS.get(word, word) for word in fold(name).split()]
    return " ".join(word for word in words if word)


def number_key(housenumber: str) -> str:
    """"12", "12a", "12 A", "12а" (Cyrillic) → "12" / "12a"; "12/3" → "12"; "" when no number."""
    match = _NUMBER.match(fold(housenumber))
    return (match.group(1).lstrip("0") or "0") + match.group(2) if match else ""
