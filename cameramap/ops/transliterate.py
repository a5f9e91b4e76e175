"""Serbian is written in two scripts. Translators write Cyrillic (the official script, `sr`); the
Latin catalogue (`sr_Latn`) is derived from it letter by letter, so the two never drift apart."""

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
