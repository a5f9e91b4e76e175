from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatasetsConfig(AppConfig):
    name = "cameramap.datasets"
    verbose_name = _("Datasets")

    def ready(self):
        # pyogrio brings its own GDAL, PROJ and SQLite. On SpatiaLite, load them now, before any
        # database connection: SQLite loads mod_spatialite with RTLD_GLOBAL, and a GDAL loaded
        # after that binds to the system's PROJ/SQLite symbols instead of its own and crashes
        # (seen as a segfault writing a GeoPackage). On PostGIS it is loaded when first used
        # (GeoPackage, area import): ~35 MB that most web processes never need.
        from django.db import connection

        if connection.vendor == "sqlite":  # the backend's class says so; no connection is opened
            import pyogrio  # noqa: F401
