"""manage.py exposure_compute"""

from django.core.management.base import BaseCommand

from cameramap.exposure.models import RunState
from cameramap.exposure.runs import run_execute
from cameramap.exposure.tasks import exposure_request


class Command(BaseCommand):
    help = ("Compute every camera's field of view and the street exposure now, in this process, showing the "
            "progress (what the background task does after an import or a change).")

    def handle(self, *args, **options):
        shown = set()

        def listener(stage: str, done: int, total: int) -> None:
            tenth = (stage, done * 10 // max(total, 1))
            if options["verbosity"] > 0 and tenth not in shown:
                shown.add(tenth)
                self.stdout.write(f"{stage}: {done}/{total}")

        finished = run_execute(run_id=exposure_request(camera_ids=None).pk, listener=listener)
        if finished is None or finished.state != RunState.DONE:
            self.stdout.write("Another computation is running: this one waits for it, on the worker.")
        else:
            self.stdout.write(f"Fields of view and street exposure computed at {finished.finished_at:%Y-%m-%d %H:%M:%S}.")
