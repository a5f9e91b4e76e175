from django.core.management.base import BaseCommand

from cameramap.timeline.services import camera_states_rebuild


class Command(BaseCommand):
    help = "Rebuild every camera's versions (the data as of a date) from the cameras and their audit trail."

    def handle(self, *args, **options):
        def progress(done: int, total: int) -> None:
            self.stdout.write(f"{done}/{total} cameras", ending="\r")

        rows = camera_states_rebuild(progress=progress if options["verbosity"] > 1 else None)
        self.stdout.write(f"{rows} versions written.")
