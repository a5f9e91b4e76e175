"""Background work on datasets. Tasks take ids and return quietly when the work is obsolete."""

import logging
from functools import partial

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .dossiers import dossier_build as build_dossier
from .dossiers import dossier_open
from .models import DatasetRelease, Dossier, ReleaseStatus
from .releases import release_build, release_start

log = logging.getLogger(__name__)


@shared_task(acks_late=True)
def dataset_release_scheduled() -> int | None:
    """The nightly beat entry: open a release and hand it to ``dataset_release_build``."""
    release = release_start()
    if release is None:
        log.info("dataset release not started: another build is running")
        return None
    transaction.on_commit(partial(dataset_release_build.delay, release.id))
    return release.id


@shared_task(
    acks_late=True, soft_time_limit=settings.DATASET_BUILD_TIME_LIMIT, time_limit=settings.DATASET_BUILD_TIME_LIMIT + 60,
)
def dataset_release_build(release_id: int) -> None:
    """Build one release. A redelivered message finds it ready (or failed) and does nothing; one
    still "building" is built again from the start, which is safe: files are overwritten."""
    claimed = DatasetRelease.objects.filter(id=release_id, status=ReleaseStatus.BUILDING).update(progress=0)
    if not claimed:
        return
    started = timezone.now()
    release = release_build(release_id)
    log.info("dataset release %s %s in %.1f s", release.version, release.status, (timezone.now() - started).total_seconds())


@shared_task(
    acks_late=True, soft_time_limit=settings.DOSSIER_BUILD_TIME_LIMIT, time_limit=settings.DOSSIER_BUILD_TIME_LIMIT + 60,
)
def dossier_build(dossier_id: int) -> None:
    """Build one dossier. A redelivered message finds it ready (or failed) and does nothing; one
    still "building" is built again from the start, which is safe: the file is replaced."""
    claimed = Dossier.objects.filter(id=dossier_id, status=ReleaseStatus.BUILDING).update(progress=0)
    if not claimed:
        return
    dossier = build_dossier(dossier_id)
    log.info("dossier %s %s", dossier.id, dossier.status)


def dossier_request(**fields) -> Dossier:
    """Open a dossier (dossiers.dossier_open takes the fields) and have it built in the
    background once the transaction commits."""
    with transaction.atomic():
        dossier = dossier_open(**fields)
        transaction.on_commit(partial(dossier_build.delay, dossier.id))
    return dossier
