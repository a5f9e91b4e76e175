from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from cameramap.ops.backups import backup_create, backup_store


class Command(BaseCommand):
    help = "Back up the database and the media folders into one .tar.gz (default folder: var/backups)."

    def add_arguments(self, parser):
        parser.add_argument("--directory", type=Path, default=settings.VAR_DIR / "backups")

    def handle(self, *args, directory: Path, **options):
        path = backup_create(directory=directory)
        self.stdout.write(self.style.SUCCESS(f"Backup written: {path}"))
        stored = backup_store(path)
        if stored:
            self.stdout.write(self.style.SUCCESS(f"Backup kept in the private object storage as {stored}"))
