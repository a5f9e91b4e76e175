"""The Celery app: configuration comes from Django settings (``CELERY_*``), tasks are found in
every installed app's ``tasks`` module."""

import os
from pathlib import Path

from celery import Celery
from celery.signals import celeryd_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cameramap.settings.base")

app = Celery("cameramap")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def broker_folders_ensure() -> None:
    """The on-disk broker (embedded default) needs its folders before anyone sends or listens."""
    options = app.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


@celeryd_init.connect
def _worker_init(**kwargs):
    broker_folders_ensure()


def enqueue_on_commit(task, *args) -> None:
    """Send ``task`` with ``args`` once the current transaction commits, and never let a broker
    outage turn a stored report into an error: the row is already saved, and the periodic sweep
    (the outbox) sends it again when the broker is back."""
    from django.db import transaction

    transaction.on_commit(lambda: _send_quietly(task, args))


def _send_quietly(task, args) -> None:
    import logging

    from kombu.exceptions import OperationalError as BrokerError

    try:
        task.apply_async(args=args, retry=True, retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.3})
    except (BrokerError, OSError) as error:
        logging.getLogger(__name__).warning("broker unreachable, %s(%s) left to the sweep: %s", task.name, args, error.__class__.__name__)
