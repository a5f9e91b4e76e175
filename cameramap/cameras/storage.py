"""The private storage, and what the code needs to know of a storage wherever it lives.

``private_storage`` is the ``private`` entry of STORAGES (settings/storage.py): a folder outside
MEDIA_ROOT that no URL reaches, or a private bucket (or prefix) on object storage whose objects
are reachable only through short-lived signed URLs.
"""

from contextlib import contextmanager
from pathlib import Path, PurePosixPath
import shutil
import tempfile

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.http import FileResponse, HttpResponseRedirect
from django.utils.functional import LazyObject, cached_property, empty


class PrivateFileSystemStorage(FileSystemStorage):
    """PRIVATE_MEDIA_ROOT, read when first used (the test settings move it), with no URL."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @cached_property
    def base_url(self):
        return None


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


private_storage = PrivateStorage()


def _storages_reset(*, setting, **kwargs):
    if setting in ("STORAGES", "PRIVATE_MEDIA_ROOT"):
        private_storage._wrapped = empty


setting_changed.connect(_storages_reset)


def is_object_storage(storage: Storage) -> bool:
    """True when the storage hands out URLs of its own (object storage): the site then sends
    people there instead of passing the bytes through a web worker."""
    from storages.backends.s3 import S3Storage

    return isinstance(storage, S3Storage)


def storage_url(storage: Storage, name: str, *, download_as: str | None = None, content_type: str | None = None) -> str:
    """The object's URL on object storage: stable for public objects, signed and short-lived
    for private ones. ``download_as`` makes the browser save it under that name."""
    parameters = {}
    if download_as:
        parameters["ResponseContentDisposition"] = f'attachment; filename="{download_as}"'
    if content_type:
        parameters["ResponseContentType"] = content_type
    if parameters and storage.querystring_auth:
        return storage.url(name, parameters=parameters)
    return storage.url(name)  # an unsigned URL cannot ask for other headers: it stays cacheable


@contextmanager
def local_path(storage: Storage, name: str):
    """A path on this machine for a stored file, for code that needs one (GDAL, WeasyPrint):
    the file itself on the file system, a temporary copy from object storage."""
    try:
        yield Path(storage.path(name))
        return
    except NotImplementedError:
        pass
    with tempfile.TemporaryDirectory(prefix="cameramap-file-") as folder:
        copy = Path(folder) / PurePosixPath(name).name
        with storage.open(name, "rb") as source, open(copy, "wb") as target:
            shutil.copyfileobj(source, target)
        yield copy


def storage_walk(storage: Storage, folder: str = ""):
    """Every file's name under ``folder``, depth first."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from storage_walk(storage, f"{folder}/{sub}" if folder else sub)


def stored_file_response(storage: Storage, name: str, *, content_type: str, filename: str | None = None,
                         as_attachment: bool = True):
    """A stored file as an answer: passed through Django from the file system; on object storage,
    a redirect to the object's own URL (stable for public objects, signed and short-lived for
    private ones), so the bytes never pass through a web worker. The caller checks who may have
    it, and sets Cache-Control."""
    if is_object_storage(storage):
        url = storage_url(storage, name, download_as=filename if as_attachment else None, content_type=content_type)
        return HttpResponseRedirect(url)
    return FileResponse(storage.open(name, "rb"), as_attachment=as_attachment, filename=filename,
                        content_type=content_type)
