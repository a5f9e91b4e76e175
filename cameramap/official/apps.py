from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficialConfig(AppConfig):
    name = "cameramap.official"
    verbose_name = _("Official lists")

    def ready(self):
        from cameramap.cameras.signals import cameras_changed

        from .handlers import cameras_changed_rematch

        # Cameras approved, merged, split, moved or removed: their neighbourhood is matched again.
        cameras_changed.connect(cameras_changed_rematch, dispatch_uid="official.cameras_changed_rematch")
