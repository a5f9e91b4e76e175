from django.core.management.base import BaseCommand

from cameramap.routes.services import route_graph_update


class Command(BaseCommand):
    help = "Build the walking graph for /route/ from the imported streets and the stored fields of view."

    def handle(self, *args, **options):
        edges = route_graph_update()
        self.stdout.write(f"{edges} walking edges.")
