"""Which encoding a CSV is in, when nobody says. Serbian offices write UTF-8 (with or without a
byte-order mark), Windows-1250 or ISO-8859-2 for Latin and Windows-1251 for Cyrillic; the three
single-byte ones decode any byte sequence, so "it decodes" proves nothing and each candidate is
read and judged as text instead:

* a letter of the languages these code pages serve counts for it (Serbian/Croatian letters most);
* a word mixing Cyrillic and Latin letters counts heavily against (Cyrillic read as Latin-2, or
  the other way round, makes such words: "Čačak" in Windows-1250 reads "Иa..." in 1251);
* C1 control characters and the odd symbols (© ® ¤ …) that the wrong page produces count against
  — this is what tells Windows-1250 from ISO-8859-2, which differ exactly on š, ž, Š, Ž, ś, ź.

UTF-8 is tried first and strictly: a file that decodes as UTF-8 is UTF-8 (single-byte text
almost never does). A file none of them reads as text is refused, asking for ``--encoding``."""

import codecs
import re

CANDIDATES = ("cp1250", "cp1251", "iso8859_2")
SERBIAN_LATIN = set("čćžšđČĆŽŠĐ")
OTHER_LATIN = set("áéíóúýäöüőűěřůťďňľĺŕąęłńśźżÁÉÍÓÚÝÄÖÜŐŰĚŘŮŤĎŇĽĹŔĄĘŁŃŚŹŻâîăşţÂÎĂŞŢ")
_WORD = re.compile(r"[^\W\d_]+")


def _score(text: str) -> float:
    score = 0.0
    for char in text:
        if "\x80" <= char <= "\x9f" or char == "\ufffd":
            score -= 10
        elif char in SERBIAN_LATIN:
            score += 2
        elif char in OTHER_LATIN:
            score += 0.5
        elif "\u0400" <= char <= "\u045f":
            score += 2
        elif ord(char) > 127 and not char.isalpha() and not char.isspace() and char not in "–—„“”‘’«»…°€№":
            score -= 3
    for word in _WORD.findall(text):
        has_cyrillic = any("\u0400" <= c <= "\u04ff" for c in word)
        has_latin = any(c.isascii() or c in SERBIAN_LATIN or c in OTHER_LATIN for c in word)
        if has_cyrillic and has_latin:
            score -= 5
    return score


def encoding_detect(data: bytes) -> str | None:
    """The encoding ``data`` is most likely in, or None when no candidate reads as text."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    scored = []
    for encoding in CANDIDATES:
        text = data.decode(encoding, errors="replace")
        scored.append((_score(text), -CANDIDATES.index(encoding), encoding))
    best_score, _order, best = max(scored)
    return best if best_score > 0 else None
