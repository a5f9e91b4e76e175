"""Give imported cameras whose operator type is unknown the type their operator's name says
(cameras/operators.py). New imports do this by themselves; this brings cameras imported before
up to date. Volunteers' cameras and any type a person chose are left alone; each change is
written to the camera's history.

    manage.py operator_types_infer [--dry-run]
"""

from collections import Counter

from django.core.management.base import BaseCommand
from django.db import transaction

from cameramap.cameras import vocabulary as v
from cameramap.cameras.history import Action, events_write
from cameramap.cameras.models import Camera
from cameramap.cameras.operators import operator_type_from_name

BATCH = 2000


class Command(BaseCommand):
    help = "Set the operator type of imported cameras from the operator's name, where it is unknown."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="say what would change, change nothing")

    def handle(self, *args, dry_run: bool = False, **options):
        candidates = (
            Camera.objects.exclude(source=v.Source.CROWD).exclude(operator="")
            .filter(operator_type=v.OperatorType.UNKNOWN).values_list("id", "operator")
        )
        found: dict[str, list[int]] = {}
        for camera_id, operator in candidates.iterator(chunk_size=BATCH):
            kind = operator_type_from_name(operator)
            if kind != v.OperatorType.UNKNOWN:
                found.setdefault(kind, []).append(camera_id)
        counts = Counter({kind: len(ids) for kind, ids in found.items()})
        if not dry_run:
            with transaction.atomic():
                for kind, ids in found.items():
                    for start in range(0, len(ids), BATCH):
                        batch = ids[start : start + BATCH]
                        Camera.objects.filter(id__in=batch, operator_type=v.OperatorType.UNKNOWN).update(operator_type=kind)
                        events_write(action=Action.CORRECT, reason="operator type read from the operator's name", cameras={
                            camera_id: {"via": "operator_types_infer", "old": {"operator_type": v.OperatorType.UNKNOWN},
                                        "new": {"operator_type": kind}}
                            for camera_id in batch
                        })
        verb = "would change" if dry_run else "changed"
        summary = ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items())) or "none"
        self.stdout.write(f"{sum(counts.values())} cameras {verb}: {summary}.")
