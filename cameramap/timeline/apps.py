from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimelineConfig(AppConfig):
    name = "cameramap.timeline"
    verbose_name = _("The data as of a date")

    def ready(self):
        from cameramap.cameras.signals import cameras_changed

        from .handlers import cameras_changed_states

        # A camera created, seen, corrected, merged, split or removed: its versions are rebuilt
        # from its history at once, so that today's date and every past one read true.
        cameras_changed.connect(cameras_changed_states, dispatch_uid="timeline.cameras_changed_states")
