"""HTTP range requests (RFC 9110 §14) for a release's files, which Django's FileResponse does not
answer: the map's PMTiles reader fetches ``cameras.pmtiles`` a few kilobytes at a time (its header
and directories, then each tile), and a download that broke off can resume. One range per request
(``bytes=a-b``, ``bytes=a-``, ``bytes=-n``), as those readers send; a list of ranges is answered
with the whole file, which the RFC allows. A range that starts past the end is 416."""

import re

from django.http import HttpResponse, StreamingHttpResponse

_RANGE = re.compile(r"^bytes=(\d{0,19})-(\d{0,19})$")
CHUNK = 1 << 16
IN_MEMORY = 1 << 22  # ranges up to 4 MiB are read at once; longer ones are streamed


class RangeNotSatisfiable(Exception):
    pass


def requested_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) byte of the one range asked for, clipped to the file; None: send it all."""
    match = _RANGE.match((header or "").strip())
    if match is None:
        return None  # no Range, several ranges or another unit: the whole file
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":  # the last n bytes
        if int(last) == 0:
            raise RangeNotSatisfiable
        return max(size - int(last), 0), size - 1
    first = int(first)
    last = size - 1 if last == "" else min(int(last), size - 1)
    if first >= size or first > last:
        raise RangeNotSatisfiable
    return first, last


def _chunks(handle, first: int, length: int):
    with handle:
        handle.seek(first)
        while length > 0:
            data = handle.read(min(CHUNK, length))
            if not data:
                return
            length -= len(data)
            yield data


def range_response(handle, first: int, last: int, size: int, content_type: str) -> HttpResponse:
    """206 Partial Content with bytes first..last of the open file ``handle`` (closed here)."""
    length = last - first + 1
    if length <= IN_MEMORY:
        with handle:
            handle.seek(first)
            response = HttpResponse(handle.read(length), status=206, content_type=content_type)
    else:
        response = StreamingHttpResponse(_chunks(handle, first, length), status=206, content_type=content_type)
    response["Content-Range"] = f"bytes {first}-{last}/{size}"
    response["Content-Length"] = str(length)
    return response


def not_satisfiable(size: int) -> HttpResponse:
    response = HttpResponse(status=416)
    response["Content-Range"] = f"bytes */{size}"
    return response
