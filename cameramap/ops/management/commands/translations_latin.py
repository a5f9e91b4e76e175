"""Write the Serbian Latin catalogues (sr_Latn) from the Cyrillic ones (sr), then compile.

    manage.py makemessages -l sr -d django; manage.py makemessages -l sr -d djangojs
    (translate cameramap/locale/sr/LC_MESSAGES/*.po)
    manage.py translations_latin
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

from cameramap.text import to_latin


class Command(BaseCommand):
    help = "Derive the Serbian Latin translation catalogues from the Cyrillic ones."

    def handle(self, *args, **options):
        locale = Path(settings.LOCALE_PATHS[0])
        for source in sorted((locale / "sr" / "LC_MESSAGES").glob("*.po")):
            catalogue = polib.pofile(str(source))
            for entry in catalogue:
                entry.msgstr = to_latin(entry.msgstr)
                entry.msgstr_plural = {k: to_latin(v) for k, v in entry.msgstr_plural.items()}
            catalogue.metadata["Language"] = "sr_Latn"
            catalogue.header = (
                "Serbian (Latin) translation of cameramap, transliterated from sr by manage.py translations_latin.\n"
                "Do not edit: translate cameramap/locale/sr and run the command again."
            )
            target = locale / "sr_Latn" / "LC_MESSAGES" / source.name
            target.parent.mkdir(parents=True, exist_ok=True)
            catalogue.save(str(target))
            self.stdout.write(f"{target.relative_to(locale)}: {len(catalogue)} messages")
