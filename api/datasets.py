"""Dataset releases and downloads.

``GET /api/v1/datasets/`` lists releases (newest first, a running build with its progress);
``GET /api/v1/datasets/{version}/`` is one release; ``GET /api/v1/datasets/{version}/{file}``
is one of its files, with HTTP range requests (the map reads ``cameras.pmtiles`` so).
``GET /api/v1/datasets/latest/cameras.{csv,geojson,gpkg,kml,osm}`` always answers: the latest
release's file, or — when filters are given or no release exists yet — a live download of the
published cameras, streamed as it is read.
"""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from cameramap.cameras.selectors import cameras_published
from cameramap.cameras.storage import is_object_storage, stored_file_response
from cameramap.datasets.exporters import FORMATS
from cameramap.datasets.exports import export_file, export_stream
from cameramap.datasets.filters import CameraExportFilter, cameras_filter, download_name, is_filtered
from cameramap.datasets.models import DatasetRelease, ReleaseStatus
from cameramap.datasets.releases import MEDIA_TYPES, release_latest

from .byte_ranges import RangeNotSatisfiable, not_satisfiable, range_response, requested_range
from .datasets_serializers import DatasetReleaseSerializer
from .filters import filter_parameters

LATEST = "latest"
FILTER_PARAMETERS = filter_parameters(CameraExportFilter)


def file_type(media_type: str) -> OpenApiTypes:
    """A JSON file (GeoJSON, a release's changelog) is an object to a client; the rest are bytes."""
    return OpenApiTypes.OBJECT if media_type.split(";")[0].endswith("json") else OpenApiTypes.BINARY


# Each format's own media type, whether the file comes from a release or live.
DOWNLOAD_RESPONSES = {(200, fmt.media_type): OpenApiResponse(file_type(fmt.media_type), description=f"{fmt.label} file")
                      for fmt in FORMATS.values()}


def _release(version: str) -> DatasetRelease:
    release = release_latest() if version == LATEST else DatasetRelease.objects.filter(version=version).first()
    if release is None:
        raise NotFound(_("No such release.") if version != LATEST else _("No release has been built yet."))
    return release


def _file_response(release: DatasetRelease, name: str, download_as: str | None = None, *,
                   range_header: str | None = None) -> HttpResponse:
    entry = (release.files or {}).get(name)
    if release.status != ReleaseStatus.READY or entry is None or not default_storage.exists(entry["path"]):
        raise Http404(_("No such file in this release."))
    if is_object_storage(default_storage):
        # A redirect to the file's stable public URL, which a CDN may cache; the bucket answers
        # ranges itself.
        response = stored_file_response(default_storage, entry["path"], filename=download_as or name,
                                        content_type=entry["media_type"])
    else:
        try:
            # A release's file never changes, so a range of it is always a range of the same bytes.
            wanted = requested_range(range_header, entry["size"])
        except RangeNotSatisfiable:
            return not_satisfiable(entry["size"])
        handle = default_storage.open(entry["path"], "rb")
        if wanted is not None:
            response = range_response(handle, *wanted, size=entry["size"], content_type=entry["media_type"])
            response["Content-Disposition"] = f'attachment; filename="{download_as or name}"'
        else:
            response = FileResponse(handle, as_attachment=True, filename=download_as or name,
                                    content_type=entry["media_type"])
        response["Accept-Ranges"] = "bytes"
        response["ETag"] = f'"{entry["sha256"]}"'
    response["X-Dataset-Version"] = release.version
    response["X-Content-SHA256"] = entry["sha256"]
    return response


class DatasetReleaseList(generics.ListAPIView):
    serializer_class = DatasetReleaseSerializer
    queryset = DatasetRelease.objects.order_by("-created_at", "-id")


class DatasetReleaseDetail(APIView):
    @extend_schema(operation_id="datasets_retrieve", responses=DatasetReleaseSerializer)
    def get(self, request, version: str):
        return Response(DatasetReleaseSerializer(_release(version), context={"request": request}).data)


class DatasetFile(APIView):
    @extend_schema(operation_id="datasets_file_retrieve", parameters=[
        OpenApiParameter("Range", str, OpenApiParameter.HEADER, required=False,
                         description="One byte range (`bytes=0-16383`, `bytes=1000-`, `bytes=-500`): answered 206."),
    ], responses={
        **{(200, media_type): OpenApiResponse(file_type(media_type), description="the file")
           for media_type in MEDIA_TYPES},
        206: OpenApiResponse(OpenApiTypes.BINARY, description="The range asked for, with Content-Range."),
        404: OpenApiResponse(description="No such release, or no such file in it."),
        416: OpenApiResponse(description="The range starts past the end of the file (Content-Range: bytes */size)."),
    })
    def get(self, request, version: str, name: str):
        return _file_response(_release(version), name, range_header=request.headers.get("Range"))


class LatestCameras(APIView):
    """The published cameras in one format: the latest release's file when no filter is given,
    otherwise (or before the first release) a live download streamed from the database."""

    @extend_schema(
        operation_id="datasets_latest_cameras_retrieve",
        parameters=[
            OpenApiParameter("fmt", {"type": "string", "enum": list(FORMATS)}, OpenApiParameter.PATH),
            *FILTER_PARAMETERS,
        ],
        responses={
            **DOWNLOAD_RESPONSES,
            400: OpenApiResponse(description="{field: [message]} for each bad filter, and for a parameter that is "
                                             "no filter at all."),
            404: OpenApiResponse(description="No such format, or the `area` filter names no area."),
        },
    )
    def get(self, request, fmt: str):
        format_ = FORMATS.get(fmt)
        if format_ is None:
            raise NotFound(_("Unknown format; one of: %(formats)s.") % {"formats": ", ".join(FORMATS)})
        params = request.query_params
        if not is_filtered(params):
            release = release_latest()
            if release is not None and f"cameras.{format_.extension}" in (release.files or {}):
                return _file_response(release, f"cameras.{format_.extension}", download_name(fmt, release.version))
        cameras = cameras_filter(cameras_published(), params)
        filename = download_name(fmt)
        if format_.stream is not None:
            response = StreamingHttpResponse(export_stream(format_, cameras), content_type=format_.media_type)
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
        else:
            response = FileResponse(export_file(format_, cameras), as_attachment=True, filename=filename,
                                    content_type=format_.media_type)
        response["X-Dataset-Version"] = "live"
        return response
