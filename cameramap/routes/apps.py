from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutesConfig(AppConfig):
    name = "cameramap.routes"
    verbose_name = _("Least-watched walks")

    def ready(self):
        from cameramap.exposure.signals import fields_of_view_changed

        from . import checks  # noqa: F401  (registers the pgRouting check)
        from .handlers import fields_of_view_changed_graph

        # New fields of view (a camera changed, or new streets and buildings were imported, which
        # also brings new streets): the walking graph and its watched lengths are built again.
        fields_of_view_changed.connect(fields_of_view_changed_graph, dispatch_uid="routes.fields_of_view_changed_graph")
