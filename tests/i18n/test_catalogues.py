"""The translation catalogues themselves: complete, not fuzzy, placeholders intact, and the Latin
one exactly the transliteration of the Cyrillic one (the command that derives it, run again)."""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

from cameramap.text import to_latin

LOCALE = Path(settings.LOCALE_PATHS[0])
CATALOGUES = sorted(LOCALE.glob("sr*/LC_MESSAGES/*.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdfrx]|\{[\w:]*\}|%[sd]|</?\w+>")
PLURAL_FORMS = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"


def translations(entry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def test_both_scripts_have_both_domains():
    names = {str(path.relative_to(LOCALE)) for path in CATALOGUES}
    assert names == {f"{lang}/LC_MESSAGES/{domain}.po" for lang in ("sr", "sr_Latn") for domain in ("django", "djangojs")}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(LOCALE)))
def test_every_entry_is_translated_and_none_is_fuzzy(path):
    catalogue = polib.pofile(str(path))

    assert len(catalogue) > (30 if path.stem == "djangojs" else 500)
    assert catalogue.metadata["Plural-Forms"] == PLURAL_FORMS
    assert not catalogue.metadata_is_fuzzy
    assert catalogue.fuzzy_entries() == []
    assert catalogue.untranslated_entries() == []
    assert [e.msgid for e in catalogue.obsolete_entries()] == []
    for entry in catalogue:
        assert all(text.strip() for text in translations(entry)), entry.msgid
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1, 2], entry.msgid


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(LOCALE)))
def test_placeholders_and_markup_are_kept_in_every_translation(path):
    for entry in polib.pofile(str(path)):
        for text in translations(entry):
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry.msgid)), entry.msgid


def test_cyrillic_catalogue_is_written_in_cyrillic():
    for domain in ("django", "djangojs"):
        for entry in polib.pofile(str(LOCALE / "sr" / "LC_MESSAGES" / f"{domain}.po")):
            text = PLACEHOLDER.sub("", " ".join(translations(entry)))
            # Latin letters only in names and codes (GPS, JPEG, OpenStreetMap, minlon…), never in a Serbian word.
            words = re.findall(r"[A-Za-zČĆŽŠĐčćžšđ]+", text)
            assert not any(re.search(r"[ČĆŽŠĐčćžšđ]", word) for word in words), entry.msgid
            if re.search(r"[a-z]{3}", PLACEHOLDER.sub("", entry.msgid)) and entry.msgid not in LATIN_ONLY:
                assert re.search(r"[А-Яа-яЂђЈјЉљЊњЋћЏџ]", text), entry.msgid


# Messages that are names or technical notation, the same in every language.
LATIN_ONLY = {"OpenStreetMap", "API", "minlon,minlat,maxlon,maxlat (WGS84).", "%(title)s #%(id)s"}


def test_latin_catalogue_is_exactly_the_transliteration(tmp_path, settings):
    """Run translations_latin on a copy of the Cyrillic catalogues: the result is what is committed."""
    shutil.copytree(LOCALE / "sr", tmp_path / "sr")
    settings.LOCALE_PATHS = [tmp_path]

    call_command("translations_latin", stdout=open("/dev/null", "w"))

    for domain in ("django", "djangojs"):
        derived = polib.pofile(str(tmp_path / "sr_Latn" / "LC_MESSAGES" / f"{domain}.po"))
        committed = polib.pofile(str(LOCALE / "sr_Latn" / "LC_MESSAGES" / f"{domain}.po"))
        cyrillic = polib.pofile(str(LOCALE / "sr" / "LC_MESSAGES" / f"{domain}.po"))
        key = lambda e: (e.msgctxt, e.msgid, e.msgid_plural)  # noqa: E731
        assert {key(e): translations(e) for e in committed} == {key(e): translations(e) for e in derived}
        for entry in cyrillic:
            latin = committed.find(entry.msgid, msgctxt=entry.msgctxt)
            assert translations(latin) == [to_latin(text) for text in translations(entry)]
            assert not re.search(r"[А-Яа-яЂђЈјЉљЊњЋћЏџ]", " ".join(translations(latin))), entry.msgid
        assert committed.metadata["Language"] == "sr_Latn"


def test_transliteration_of_digraphs():
    assert to_latin("Љубав, Њива, Џеп") == "Ljubav, Njiva, Džep"
    assert to_latin("ЉУБАВ") == "LJUBAV"
    assert to_latin("%(n)s камера <strong>{deg}°</strong>") == "%(n)s kamera <strong>{deg}°</strong>"
