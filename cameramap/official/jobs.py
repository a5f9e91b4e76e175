"""Starting an upload's import: the file goes to private storage, an OfficialImport records it,
and the worker is handed the job once the transaction has committed."""

from functools import partial
from pathlib import Path

from django.db import transaction

from .models import OfficialImport
from .tasks import official_import_run


@transaction.atomic
def official_import_start(*, upload, options: dict, user) -> OfficialImport:
    job = OfficialImport(file_name=Path(upload.name).name[:255], options=options, created_by=user)
    job.file.save(Path(upload.name).name, upload, save=False)
    job.save()
    transaction.on_commit(partial(official_import_run.delay, job.pk))
    return job


def job_status(job: OfficialImport) -> dict:
    """What the progress page polls."""
    return {"id": job.pk, "state": job.state, "progress": job.progress, "message": job.message,
            "list": job.official_list_id, "finished": job.state in ("done", "failed")}


def job_page_context(job: OfficialImport, *, status_url: str, list_url_name: str) -> dict:
    """The progress page's context, for the moderator page and the admin's alike."""
    from django.urls import reverse

    return {"job": job, "status": job_status(job), "status_url": status_url,
            "list_url_template": reverse(list_url_name, args=[0]),
            "list_url": reverse(list_url_name, args=[job.official_list_id]) if job.official_list_id else ""}
