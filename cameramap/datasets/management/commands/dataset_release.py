from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cameramap.datasets.models import ReleaseStatus
from cameramap.datasets.releases import release_build, release_start


class Command(BaseCommand):
    help = "Build a dataset release now (the nightly task does the same), with a progress bar."

    def handle(self, *args, **options):
        release = release_start()
        if release is None:
            raise CommandError("A release is being built already; see /data/ or the admin for its progress.")
        self.stdout.write(f"Building release {release.version}")
        with tqdm(total=100, unit="%", disable=options["verbosity"] == 0, file=self.stderr) as bar:

            def progress(done: int, total: int) -> None:
                percent = done * 100 // max(total, 1)
                if percent > bar.n:
                    bar.update(percent - bar.n)

            release = release_build(release.id, progress=progress)
            bar.update(100 - bar.n)
        if release.status != ReleaseStatus.READY:
            raise CommandError(f"Release {release.version} failed: {release.error}")
        changes = release.changelog.get("counts", {})
        self.stdout.write(self.style.SUCCESS(
            f"Release {release.version}: {release.counts['cameras']} cameras ({release.counts['verified']} verified by "
            f"volunteers, {release.counts['imported']} imported); added {changes.get('added', 0)}, "
            f"removed {changes.get('removed', 0)}, changed {changes.get('changed', 0)}; zip SHA-256 {release.checksum}"
        ))
