"""What the routes app does when the exposure app has stored new fields of view (apps.py)."""

from .tasks import route_graph_compute


def fields_of_view_changed_graph(sender, **kwargs) -> None:
    route_graph_compute.delay()
