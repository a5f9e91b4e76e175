"""Dossiers (docs/dossiers.md).

``GET /api/v1/dossiers/`` lists the dossiers the caller may see, newest first: the public ones
for everybody, every one for a moderator. ``POST`` asks for one — moderators only, since a
build is heavy and a dossier may be part of a complaint still being prepared; it answers 202 with
the dossier in state "building". ``GET /api/v1/dossiers/{id}/`` tells its status, progress and,
when ready, its SHA-256 and download URL; ``GET /api/v1/dossiers/{id}/file`` is the PDF. A
moderators-only dossier is a 404 to everyone else, as if it did not exist.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from cameramap.cameras.storage import private_storage, stored_file_response
from cameramap.datasets.dossiers import DossierError, dossiers_visible
from cameramap.datasets.tasks import dossier_request
from cameramap.datasets.models import Dossier, ReleaseStatus
from cameramap.moderation.selectors import is_moderator

from .dossiers_serializers import DossierRequestSerializer, DossierSerializer
from .moderation import IsModerator


def _dossier(request, pk: int) -> Dossier:
    dossier = dossiers_visible(request.user).filter(id=pk).first()
    if dossier is None:
        raise Http404(_("No such dossier."))
    return dossier


class DossierList(generics.ListAPIView):
    serializer_class = DossierSerializer
    # Token first, so that a request without credentials is told how to authenticate (401).
    authentication_classes = [TokenAuthentication, SessionAuthentication]

    def get_queryset(self):
        return dossiers_visible(self.request.user)

    def get_permissions(self):
        return [IsModerator()] if self.request.method == "POST" else super().get_permissions()

    @extend_schema(request=DossierRequestSerializer,
                   responses={202: DossierSerializer,
                              404: OpenApiResponse(description="The area names no district (code `not_found`).")})
    def post(self, request):
        serializer = DossierRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            dossier = dossier_request(**serializer.validated_data, site_url=request.build_absolute_uri("/"))
        except DossierError as error:
            raise ValidationError({"camera_pages": [str(error)]}) from error
        return Response(DossierSerializer(dossier, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)


class DossierDetail(generics.GenericAPIView):
    serializer_class = DossierSerializer

    def get(self, request, pk: int):
        return Response(DossierSerializer(_dossier(request, pk), context={"request": request}).data)


class DossierFile(generics.GenericAPIView):
    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY,
                              404: OpenApiResponse(description="No such dossier (or not one the caller may see)."),
                              409: OpenApiResponse(description="The dossier exists but is not ready (building or failed).")})
    def get(self, request, pk: int):
        dossier = _dossier(request, pk)
        if dossier.status != ReleaseStatus.READY or not private_storage.exists(dossier.path):
            # It exists, so not a 404: the caller asks again once its status is "ready".
            return Response({"detail": _("The dossier is not ready.")}, status=status.HTTP_409_CONFLICT)
        name = f"dossier-{dossier.area.slug if dossier.area else 'city'}-{dossier.language}-{dossier.id}.pdf"
        # From object storage, a redirect to a signed URL that soon expires (never a public object).
        response = stored_file_response(private_storage, dossier.path, filename=name, content_type="application/pdf")
        response["X-Content-SHA256"] = dossier.sha256
        if dossier.visibility != "public" or is_moderator(request.user) or response.status_code == 302:
            response["Cache-Control"] = "private, no-store"
        return response
