"""manage.py official_match [--list ID …]: match official lists with the cameras again, whole
(after a lost re-match, a change of OFFICIAL_MATCH_RADIUS_M, or a city import that located more)."""

from django.core.management.base import BaseCommand, CommandError

from cameramap.official.figures import list_figures
from cameramap.official.imports import entries_relocate
from cameramap.official.models import OfficialList
from cameramap.official.services import list_match


class Command(BaseCommand):
    help = "Match official lists with the cameras on the street again (every list, or those named)."

    def add_arguments(self, parser):
        parser.add_argument("--list", type=int, action="append", dest="lists", help="A list's id (repeatable).")
        parser.add_argument("--relocate", action="store_true", help="First locate unlocated addresses again.")

    def handle(self, *args, lists=None, relocate=False, **options):
        chosen = OfficialList.objects.order_by("id")
        if lists:
            chosen = chosen.filter(id__in=lists)
            missing = sorted(set(lists) - set(chosen.values_list("id", flat=True)))
            if missing:
                raise CommandError(f"No official list {', '.join(map(str, missing))}.")
        for official_list in chosen:
            located = entries_relocate(official_list) if relocate else 0
            changed = list_match(official_list)
            figures = list_figures(official_list)
            self.stdout.write(f"List {official_list.pk} “{official_list.name}”: {located} newly located, {changed} entries changed; "
                              f"matched {figures['matched']['total']}, probable {figures['probable']['total']}, "
                              f"not_found {figures['not_found']}, unlocated {figures['unlocated']}.")
