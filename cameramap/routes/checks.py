"""A deployment check: on PostGIS, routes are meant to run in pgRouting; without the extension
they still work (SciPy over the same edges), but slower on a large city, so the operator is told."""

from django.conf import settings
from django.core import checks
from django.db import connection
from django.db.utils import DatabaseError


@checks.register(checks.Tags.database, deploy=True)
def pgrouting_installed(app_configs, **kwargs):
    if connection.vendor != "postgresql" or settings.ROUTE_ENGINE == "python":
        return []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pgrouting'")
            found = cursor.fetchone() is not None
    except DatabaseError:
        return []  # the database is not there yet: other checks say so
    if found:
        return []
    return [checks.Warning("pgRouting is not installed in the database: walking routes are computed in Python.",
                           hint="Use a PostGIS image with pgRouting (docs/routes.md) and run manage.py migrate.",
                           id="routes.W001")]
