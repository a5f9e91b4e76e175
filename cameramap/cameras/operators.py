"""Who runs a camera, read from the operator's name: the rule table behind ``operator_type`` for
cameras that come from an outside source (OpenStreetMap, an official list), whose records name
the operator ("Cobb County Police Department", "Grad Beograd", "МУП") but not its kind.

The name is folded first (cameramap/text.py: one script, no case, no diacritics), so each rule is
written once, in plain Latin, and matches Cyrillic, Latin and English spellings alike. The rules
are tried in order and the first that matches wins: police before transport before city, so that
"Cobb County Police Department" is the police (not the county) and "City Transit Authority" is
transport (not the city). A name no rule matches stays ``unknown``: a guess is worse than a gap.
Private operators are not guessed at all: a shop's or a bank's name says nothing a rule can read.

Each rule is a regular expression over whole words of the folded name.
"""

import re

from cameramap.text import fold

from .vocabulary import OperatorType

RULES: list[tuple[str, str]] = [
    # Police, in English and Serbian (МУП / MUP: the Ministry of the Interior, which runs the police).
    (OperatorType.POLICE, r"police|policing|pd|sheriff'?s?|constabulary|state patrol|highway patrol|law enforcement"),
    (OperatorType.POLICE, r"ministry of (the )?interior|department of (the )?interior|home office"),
    (OperatorType.POLICE, r"policij[aei]|policijsk[a-z]*|mup|ministarstv[oa] unutrasnjih poslova|pu [a-z]+|policijska uprava"),
    (OperatorType.POLICE, r"polizei|gendarmerie|carabinieri|policia|politie|polis"),
    # Public transport and roads.
    (OperatorType.TRANSPORT, r"transit|transport|transportation|metro|subway|railways?|rail|airport|tram|g?dot"),
    (OperatorType.TRANSPORT, r"gsp|javno gradsko prevozno preduzece|gradski saobracaj|saobracaj[a-z]*|putevi srbije|zeleznic[a-z]*|aerodrom"),
    # The city, the municipality, the county.
    # "City" alone is not enough ("City Mall", "City Bank"): the forms a government's name takes.
    (OperatorType.CITY, r"(city|town|village|borough|county) of|[a-z]+ county|city (council|hall|government)"),
    (OperatorType.CITY, r"municipal|municipality|council|mayor'?s? office"),
    (OperatorType.CITY, r"grad|grada|gradsk[a-z]*|opstin[a-z]*|gradska uprava|skupstina grada|mesna zajednica"),
]
_COMPILED = [(kind, re.compile(rf"\b(?:{pattern})\b")) for kind, pattern in RULES]


def operator_type_from_name(name: str) -> str:
    """The operator type the rules read from ``name``; ``unknown`` when none matches."""
    folded = fold(name or "")
    for kind, pattern in _COMPILED:
        if pattern.search(folded):
            return kind.value
    return OperatorType.UNKNOWN.value
