from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cameramap.ops.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = "Replace the database and media with a backup's. Stop the web server and workers first."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, path: Path, yes: bool, **options):
        if not path.is_file():
            raise CommandError(f"no such backup: {path}")
        if not yes and input(f"Replace ALL data with {path.name}? [y/N] ").strip().lower() != "y":
            raise CommandError("restore cancelled")
        try:
            manifest = backup_restore(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored the backup of {manifest['created_at']}."))
