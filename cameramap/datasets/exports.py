"""Live downloads: the cameras a client asked for, written as they are read from the database
(the next rows read while the current ones are written: prefetch.py), or on PostGIS, where the
format allows, largely by the database itself (CSV by COPY, the GeoPackage's values as stored)."""

import os
import tempfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from cameramap.cameras import vocabulary as v

from .columns import camera_rows
from .exporters import Format
from .prefetch import rows_prefetched
from .provenance import attribution_text


def export_meta(queryset: QuerySet) -> dict:
    # Which kinds of camera the download holds, not how many: counting first would slow it.
    kinds = {
        "osm_linked": Q(source=v.Source.OSM) | Q(osm_id__isnull=False),
        "verified": Q(verified_on__isnull=False),
        "imported": Q(verified_on__isnull=True),
    }
    return {
        "title": f"{settings.SITE_NAME}: surveillance cameras",
        "version": f"live {timezone.now():%Y-%m-%dT%H:%M:%SZ}",
        "licence": settings.DATASET_LICENCE,
        "attribution": attribution_text({kind: int(queryset.filter(q).exists()) for kind, q in kinds.items()}),
    }


def export_stream(fmt: Format, queryset: QuerySet) -> Iterator[bytes]:
    """The file as byte chunks, for the formats that can be sent while written: by PostgreSQL
    itself where the format allows, else by the format's writer from rows."""
    meta = export_meta(queryset)  # now, in the view: its errors are a proper error response
    if fmt.copy is not None and connection.vendor == "postgresql":
        return fmt.copy(queryset, meta=meta)

    def chunks() -> Iterator[bytes]:
        with closing(rows_prefetched(camera_rows(queryset))) as rows:  # the reading thread ends with the response
            yield from fmt.stream(rows, meta=meta)

    return chunks()


def export_file(fmt: Format, queryset: QuerySet) -> BinaryIO:
    """The file written to a temporary file, returned open for reading and already unlinked:
    the disk space goes back as soon as the response closes it."""
    handle, path = tempfile.mkstemp(prefix="cameramap-export-", suffix=f".{fmt.extension}")
    os.close(handle)
    try:
        meta = export_meta(queryset)
        if fmt.write_query is not None and connection.vendor == "postgresql":
            fmt.write_query(queryset, path, meta=meta)
        else:
            # Small and few chunks ahead: the file's writer holds a batch of its own.
            with closing(rows_prefetched(camera_rows(queryset), chunk_size=1000, depth=1)) as rows:
                fmt.write(rows, path, meta=meta)
        opened = open(path, "rb")
    finally:
        Path(path).unlink(missing_ok=True)  # a writer that failed has removed its half-file already
    return opened
