from functools import partial

from django.core.management.base import BaseCommand
from django.db import transaction

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from cameramap.datasets.demo import demo_load
from cameramap.datasets.demo_reports import demo_reports_load
from cameramap.timeline.services import camera_states_sweep


class Command(BaseCommand):
    help = ("Load the demo cameras (real OSM data around Atlanta) and demo districts, once; with --reports-by, "
            "also a handful of demo reports sent and decided through the real pipeline by that moderator.")

    def add_arguments(self, parser):
        parser.add_argument("--reports-by", metavar="USERNAME",
                            help="the moderator who approves the demo reports (e.g. the demo account 'moderator')")

    def handle(self, *args, **options):
        moderator = None
        if options["reports_by"]:
            moderator = get_user_model().objects.filter(username=options["reports_by"]).first()
            if moderator is None:
                raise CommandError(f"No user {options['reports_by']!r}: create the moderator first.")
        counts = demo_load()
        if counts["created"]:
            self.stdout.write(f"Demo data loaded: {counts['created']} cameras.")
        else:
            self.stdout.write(f"Demo data already there ({counts['existing']} cameras).")
        if moderator is not None:
            reports = demo_reports_load(moderator=moderator)
            if reports["approved"] or reports["pending"]:
                self.stdout.write(f"Demo reports: {reports['approved']} approved by {moderator.username}, "
                                  f"{reports['pending']} waiting for a moderator.")
        # The cameras' versions for the timeline: built when the demo's cameras were announced; a
        # demo loaded before the timeline existed gets them here, once.
        camera_states_sweep()
        if counts["created"]:
            self._first_release()

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
