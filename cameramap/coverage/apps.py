from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "cameramap.coverage"
    verbose_name = _("Where volunteers have looked")

    def ready(self):
        from cameramap.cameras.signals import cameras_changed
        from cameramap.city.signals import city_imported

        from .versions import coverage_changed_receiver

        # A report accepted (every acceptance changes a camera), a camera changed, new streets:
        # the cached coverage figures are stale (versions.py).
        cameras_changed.connect(coverage_changed_receiver, dispatch_uid="coverage.cameras_changed")
        city_imported.connect(coverage_changed_receiver, dispatch_uid="coverage.city_imported")
