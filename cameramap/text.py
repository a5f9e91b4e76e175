"""Text in the two scripts Serbian is written in, for translations and for matching names.

Translators write Cyrillic (the official script, `sr`); the Latin catalogue (`sr_Latn`) is derived
from it letter by letter (``to_latin``), so the two never drift apart. Names typed by people
(an operator, a street) are compared through ``fold``: one script, no case, no diacritics."""

import re
import unicodedata

CYRILLIC_TO_LATIN = {
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Ђ": "Đ", "Е": "E", "Ж": "Ž", "З": "Z", "И": "I",
    "Ј": "J", "К": "K", "Л": "L", "Љ": "Lj", "М": "M", "Н": "N", "Њ": "Nj", "О": "O", "П": "P", "Р": "R",
    "С": "S", "Т": "T", "Ћ": "Ć", "У": "U", "Ф": "F", "Х": "H", "Ц": "C", "Ч": "Č", "Џ": "Dž", "Ш": "Š",
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž", "з": "z", "и": "i",
    "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "ћ": "ć", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
}
_DIGRAPH_CAPITALS = {"Љ": "LJ", "Њ": "NJ", "Џ": "DŽ"}


def to_latin(text: str) -> str:
    """Transliterate, keeping placeholders (%(name)s, {name}) and HTML untouched (they are ASCII).
    A digraph capital inside an all-capitals word becomes all capitals (ЉУБАВ → LJUBAV)."""
    out = []
    for i, char in enumerate(text):
        if char in _DIGRAPH_CAPITALS:
            following = text[i + 1] if i + 1 < len(text) else ""
            out.append(_DIGRAPH_CAPITALS[char] if following.isupper() else CYRILLIC_TO_LATIN[char])
        else:
            out.append(CYRILLIC_TO_LATIN.get(char, char))
    return "".join(out)


_NOT_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """``text`` as a plain-ASCII, lower-case string of words separated by single spaces, so that
    the same name written in Cyrillic or Latin, with or without diacritics and in any case, folds
    to the same string ("Полиција" and "POLICIJA" → "policija", "Grad Beograd" → "grad beograd").
    Đ, which has no decomposition, becomes "dj" as Serbian writes it without diacritics."""
    latin = to_latin(text).replace("Đ", "Dj").replace("đ", "dj")
    ascii_text = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode()
    return _NOT_WORD.sub(" ", ascii_text.casefold()).strip()
