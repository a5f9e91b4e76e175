"""Background work: the walking graph, built again after the fields of view changed."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, soft_time_limit=1800, time_limit=1900)
def route_graph_compute() -> None:
    """Idempotent: a redelivered message builds the same graph again from what is stored."""
    services.route_graph_update()
