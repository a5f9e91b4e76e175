from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "cameramap.coverage"
    verbose_name = _("Where volunteers have looked")
