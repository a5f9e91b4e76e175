"""Serving MEDIA_ROOT where Django does it itself (the embedded default, ``SERVE_MEDIA``;
production leaves it to the reverse proxy or object storage).

Django's own ``serve`` takes the content type from the file's extension, so any file that ever
landed in MEDIA_ROOT as ``.html``, ``.svg`` or ``.xml`` would be a page on the site's own origin,
free to load scripts from it. What our code writes there is photos, re-encoded to JPEG under
random names, and dataset files (downloaded through the API). So only photo types are served as
themselves, with the type fixed here; anything else goes out as an opaque download."""

from pathlib import PurePosixPath

from django.conf import settings
from django.views.decorators.http import require_safe
from django.views.static import serve

PHOTO_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


@require_safe
def media_serve(request, path: str):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["X-Content-Type-Options"] = "nosniff"
    if response.status_code != 200:
        return response  # 304 Not Modified: no body, no type
    content_type = PHOTO_TYPES.get(PurePosixPath(path).suffix.lower())
    if content_type is None:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
    else:
        response["Content-Type"] = content_type
        response["Content-Disposition"] = "inline"  # no file name: ours are random, theirs never kept
    return response
