from django.core.management.base import BaseCommand, CommandError

from cameramap.ops.backups import BackupError, backup_file, backup_restore


class Command(BaseCommand):
    help = ("Replace the database and media with a backup's (a file here, or backups/… in the private object "
            "storage). Stop the web server and workers first.")

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, path: str, yes: bool, **options):
        try:
            with backup_file(path) as local:
                if not yes and input(f"Replace ALL data with {local.name}? [y/N] ").strip().lower() != "y":
                    raise CommandError("restore cancelled")
                manifest = backup_restore(path=local)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored the backup of {manifest['created_at']}."))
