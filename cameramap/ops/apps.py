from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "cameramap.ops"
    verbose_name = "Operations"
