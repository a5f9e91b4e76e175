"""Background work for official lists: an uploaded list's import and matching, with its progress
for the page that polls it; and matching again around cameras that changed."""

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _

from cameramap.cameras.storage import local_path

from .errors import OfficialImportError
from .imports import ImportOptions, official_list_import
from .models import ImportState, OfficialImport, OfficialList
from .services import list_match, lists_rematch_near

# Past this many changed cameras (an OSM import), whole lists are matched again rather than neighbourhoods.
REMATCH_WHOLE_AFTER = 5000


def _progress(job_id: int):
    def report(percent: int, message: str) -> None:
        OfficialImport.objects.filter(pk=job_id).update(progress=max(0, min(percent, 99)), message=message)
    return report


@shared_task(acks_late=True, soft_time_limit=1800, time_limit=1900)
def official_import_run(job_id: int) -> None:
    with transaction.atomic():
        job = OfficialImport.objects.select_for_update().filter(pk=job_id, state=ImportState.QUEUED).first()
        if job is None:
            return  # done already by an earlier delivery, or gone
        job.state = ImportState.RUNNING
        job.save(update_fields=["state"])
    stored = dict(job.options)
    # The uploader's language: the reasons an entry stays unlocated are written in it.
    language = stored.pop("language", None) or settings.LANGUAGE_CODE
    options = ImportOptions(**{**stored, "published": timezone.datetime.fromisoformat(stored["published"]).date()})
    with translation.override(language):
        _run(job, options)


def _run(job: OfficialImport, options: ImportOptions) -> None:
    try:
        with local_path(job.file.storage, job.file.name) as path:  # a copy when the upload is in a bucket
            result = official_list_import(str(path), options, user=job.created_by, progress=_progress(job.pk))
        if result.created:
            _progress(job.pk)(85, _("matching with the cameras on the street"))
            list_match(result.official_list)
            job.message = _("Imported: %(n)s entries.") % {"n": result.rows}
        else:
            job.message = _("This file was imported already: nothing changed.")
        job.state, job.progress, job.official_list = ImportState.DONE, 100, result.official_list
    except OfficialImportError as error:
        job.state, job.message = ImportState.FAILED, str(error)
    except Exception:
        job.state, job.message = ImportState.FAILED, _("The import failed unexpectedly; nothing was written.")
        raise
    finally:
        if job.file:
            job.file.delete(save=False)
        job.finished_at = timezone.now()
        job.save()


@shared_task(acks_late=True, soft_time_limit=getattr(settings, "CELERY_TASK_SOFT_TIME_LIMIT", 120))
def official_rematch_near(camera_ids: list[int]) -> None:
    if len(camera_ids) > REMATCH_WHOLE_AFTER:
        for official_list in OfficialList.objects.order_by("id"):
            list_match(official_list)
        return
    lists_rematch_near(camera_ids)
