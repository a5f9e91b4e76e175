"""`flush` empties every table, the audit trail included. PostgreSQL's TRUNCATE passes the
append-only triggers by design; SQLite deletes row by row, so the triggers are lifted for the
flush and put back, in one transaction."""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections, transaction

from cameramap.cameras.audit_sql import SQLITE_DOWN, SQLITE_UP


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            for statement in SQLITE_DOWN:
                cursor.execute(statement)
            super().handle(**options)
            for statement in SQLITE_UP:
                cursor.execute(statement)
