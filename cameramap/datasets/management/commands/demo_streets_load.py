from django.core.management.base import BaseCommand

from cameramap.datasets.demo_streets import DISTRICTS, demo_streets_load


class Command(BaseCommand):
    help = ("Load the second demo city once: central Helsinki's streets, buildings and cameras from OpenStreetMap, "
            "two demo districts, and their fields of view and street exposure (computed here, with progress).")

    def handle(self, *args, **options):
        if demo_streets_load(stdout=self.stdout):
            self.stdout.write(f"Demo streets loaded: central Helsinki (see /?area={DISTRICTS[0][1]} and /data/#exposure).")
        else:
            self.stdout.write("Demo streets already there (central Helsinki).")
