from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExposureConfig(AppConfig):
    name = "cameramap.exposure"
    verbose_name = _("Streets under watch")

    def ready(self):
        from cameramap.cameras.signals import cameras_changed
        from cameramap.city.signals import city_imported

        from .handlers import cameras_changed_fov, city_imported_fov

        # A camera created, moved, turned, merged or removed: its field of view is computed again.
        cameras_changed.connect(cameras_changed_fov, dispatch_uid="exposure.cameras_changed_fov")
        # New streets or buildings: every field of view, then the exposure, again.
        city_imported.connect(city_imported_fov, dispatch_uid="exposure.city_imported_fov")
