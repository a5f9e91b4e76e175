from functools import partial

from django.core.management.base import BaseCommand
from django.db import transaction

from cameramap.datasets.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo cameras (real OSM data around Atlanta) and demo districts, once."

    def handle(self, *args, **options):
        counts = demo_load()
        if counts["created"]:
            self.stdout.write(f"Demo data loaded: {counts['created']} cameras.")
            self._first_release()
        else:
            self.stdout.write(f"Demo data already there ({counts['existing']} cameras).")

    def _first_release(self) -> None:
        """Ask the worker (started next by `make run`) for a first release, so /data/ has one to
        show without waiting for the nightly build."""
        from cameramap.celery import broker_folders_ensure
        from cameramap.datasets.releases import release_start
        from cameramap.datasets.tasks import dataset_release_build

        broker_folders_ensure()
        release = release_start()
        if release is not None:
            transaction.on_commit(partial(dataset_release_build.delay, release.id))
            self.stdout.write(f"Dataset release {release.version} queued for the worker.")
