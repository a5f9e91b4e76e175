from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "cameramap.web"
    verbose_name = "Web pages"
