from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CamerasConfig(AppConfig):
    name = "cameramap.cameras"
    verbose_name = _("Cameras")

    def ready(self):
        from cameramap.celery import broker_folders_ensure

        broker_folders_ensure()  # so a web process can send to the on-disk broker at once
        import cameramap.converters  # noqa: F401  (the `id` path converter, before any URLconf loads)
