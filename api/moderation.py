"""The moderation API under /api/v1/moderation/: moderators only (401 without credentials, 403
for anyone else). Each view parses its input, calls one moderation service, answers with JSON."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from cameramap.cameras.history import ModerationEvent, camera_history
from cameramap.cameras.models import Camera, Report
from cameramap.moderation import selectors, services

from .moderation_schemas import BLUR_ADD_REQUEST, BLUR_CHOICE_REQUEST, BLUR_RESPONSE, FORMS, REJECT_REQUEST
from .moderation_serializers import (
    ApproveInputSerializer,
    CameraMergeInputSerializer,
    CameraMergePreviewSerializer,
    CameraMergeQuerySerializer,
    CameraMergeResultSerializer,
    CameraSplitInputSerializer,
    DecisionSerializer,
    MergeInputSerializer,
    ModerationEventSerializer,
    ModerationReportListSerializer,
    ModerationReportSerializer,
    RejectInputSerializer,
    ReviewLockSerializer,
    StatusQuerySerializer,
)


class IsModerator(BasePermission):
    message = "Only moderators may do this."

    def has_permission(self, request, view) -> bool:
        return selectors.is_moderator(request.user)


class ModerationAPIView(APIView):
    # Token first, so that a request without credentials is told how to authenticate (401).
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsModerator]

    def parsed(self, serializer_class, data=None):
        serializer = serializer_class(data=self.request.data if data is None else data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def report(self, pk: int) -> Report:
        return get_object_or_404(Report, pk=pk)

    def camera(self, pk: int, field: str) -> Camera:
        camera = Camera.objects.filter(pk=pk).first()
        if camera is None:
            raise ValidationError({field: [_("There is no camera %(id)s.") % {"id": pk}]}, code="not_found")
        return camera


def decision(report: Report) -> Response:
    report.refresh_from_db()
    return Response(DecisionSerializer({"report": report.pk, "status": report.status, "camera": report.camera_id}).data)


@extend_schema(tags=["moderation"], parameters=[StatusQuerySerializer])
class ReportListView(ModerationAPIView, generics.ListAPIView):
    """Reports waiting for a decision (``status=pending``, the default), oldest first."""

    serializer_class = ModerationReportListSerializer

    def get_queryset(self):
        query = self.parsed(StatusQuerySerializer, self.request.query_params)
        return selectors.reports_for_moderation(status=query["status"], kind=query.get("kind"))


@extend_schema(tags=["moderation"])
class ReportDetailView(ModerationAPIView, generics.RetrieveAPIView):
    """One report as a moderator sees it: photos with their private GPS, the pre-checks, and the
    duplicate ``candidates`` (each a ``camera`` id with a ``score``), computed now."""

    serializer_class = ModerationReportSerializer
    queryset = Report.objects.select_related("camera", "contributor", "review_lock__moderator").prefetch_related("photos")


@extend_schema(tags=["moderation"], request=ApproveInputSerializer, responses=DecisionSerializer)
class ReportApproveView(ModerationAPIView):
    """Approve the report for what it says: a new camera (created), a confirmation (a sighting of
    the named camera), a correction (applied) or "gone" (the camera marked removed). Answers
    with the ``camera`` the report created or joined."""

    def post(self, request, pk: int):
        report = self.report(pk)
        data = self.parsed(ApproveInputSerializer)
        services.report_approve(report=report, moderator=request.user, fields=data.get("fields"))
        return decision(report)


@extend_schema(tags=["moderation"], request={form: REJECT_REQUEST for form in FORMS}, responses=DecisionSerializer)
class ReportRejectView(ModerationAPIView):
    """Reject with a ``reason`` from the list (and ``text``, required for ``other``)."""

    def post(self, request, pk: int):
        report = self.report(pk)
        data = self.parsed(RejectInputSerializer)
        services.report_reject(report=report, moderator=request.user, reason=data["reason"], text=data.get("text", ""))
        return decision(report)


@extend_schema(tags=["moderation"], request=MergeInputSerializer, responses=DecisionSerializer)
class ReportMergeView(ModerationAPIView):
    """The report is a sighting of ``camera``: it is merged into it (confirmations + 1)."""

    def post(self, request, pk: int):
        report = self.report(pk)
        camera = self.camera(self.parsed(MergeInputSerializer)["camera"], "camera")
        services.report_attach(report=report, camera=camera, moderator=request.user)
        return decision(report)


@extend_schema(tags=["moderation"], request=None, responses=ReviewLockSerializer)
class ReportLockView(ModerationAPIView):
    """Open the report for review (POST: nobody else may decide it for a few minutes) or give it
    back (DELETE)."""

    def post(self, request, pk: int):
        lock = services.review_lock_take(report=self.report(pk), moderator=request.user)
        return Response(ReviewLockSerializer(lock).data)

    def delete(self, request, pk: int):
        services.review_lock_release(report=self.report(pk), moderator=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CameraMergeView(ModerationAPIView):
    """Camera ``{id}`` and camera ``into`` are one. GET shows what the merge will do; POST does it:
    sightings and photos move to ``into``, directions join, conflicting attributes follow the
    ``choices``; ``{id}`` stays as a redirect to it."""

    @extend_schema(tags=["moderation"], parameters=[CameraMergeQuerySerializer], responses=CameraMergePreviewSerializer,
                   summary="Preview a camera merge")
    def get(self, request, pk: int):
        camera = get_object_or_404(Camera, pk=pk)
        into = self.camera(self.parsed(CameraMergeQuerySerializer, request.query_params)["into"], "into")
        preview = selectors.camera_merge_preview(camera=camera, into=into)
        return Response(CameraMergePreviewSerializer(preview.as_dict()).data)

    @extend_schema(tags=["moderation"], request=CameraMergeInputSerializer, responses=CameraMergeResultSerializer,
                   summary="Merge a camera into another")
    def post(self, request, pk: int):
        camera = get_object_or_404(Camera, pk=pk)
        data = self.parsed(CameraMergeInputSerializer)
        into = self.camera(data["into"], "into")
        target = services.camera_merge(camera=camera, into=into, moderator=request.user,
                                       choices=data.get("choices"), digest=data.get("digest"))
        return Response(CameraMergeResultSerializer({"camera": target.pk, "merged": camera.pk}).data)


@extend_schema(tags=["moderation"], request=CameraSplitInputSerializer, responses={201: DecisionSerializer})
class CameraSplitView(ModerationAPIView):
    """The given sightings of camera ``{id}`` are another camera: they become a new one."""

    def post(self, request, pk: int):
        camera = get_object_or_404(Camera, pk=pk)
        ids = self.parsed(CameraSplitInputSerializer)["reports"]
        reports = list(Report.objects.filter(pk__in=ids))
        missing = sorted(set(ids) - {r.pk for r in reports})
        if missing:
            raise ValidationError({"reports": [_("There is no report %(ids)s.") % {"ids": ", ".join(map(str, missing))}]},
                                  code="not_found")
        new = services.camera_split(camera=camera, reports=reports, moderator=request.user)
        return Response({"camera": new.pk, "from": camera.pk, "reports": sorted(ids)}, status=status.HTTP_201_CREATED)


@extend_schema(tags=["moderation"])
class CameraHistoryView(ModerationAPIView, generics.ListAPIView):
    """The audit trail of one camera (its own decisions, its sightings', merged cameras'), newest first."""

    serializer_class = ModerationEventSerializer
    queryset = ModerationEvent.objects.none()  # for the schema; the real one comes from the camera

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return camera_history(get_object_or_404(Camera, pk=self.kwargs["pk"]))


class PhotoBlurView(ModerationAPIView):
    def photo(self, pk: int):
        from cameramap.cameras.models import Photo

        return get_object_or_404(Photo.objects.select_related("report"), pk=pk)

    def answer(self, photo) -> Response:
        return Response({"id": photo.pk, "image": photo.image.url, "thumbnail": photo.thumbnail.url,
                         "blur_boxes": photo.blur_boxes, "under_review": services.photo_under_review(photo)})

    def boxes(self):
        return self.request.data.get("boxes") if hasattr(self.request.data, "get") else None

    @extend_schema(
        request=BLUR_ADD_REQUEST, responses=BLUR_RESPONSE, summary="Blur rectangles of a photo",
        description="Rectangles in fractions of the image (0..1: x, y from the top left, w, h). For a photo whose "
        "report is pending and whose blurring is under review, they join its boxes (the public files are blurred "
        "there at once; the published image is made at the decision); for any other photo the display image and "
        "thumbnail are blurred there for good. The audit trail records it. 409 if the photo is not processed.",
    )
    def post(self, request, pk: int):
        photo = self.photo(pk)
        boxes = services.blur_boxes_parse(self.boxes())
        return self.answer(services.photo_blur(photo=photo, boxes=boxes, moderator=request.user))

    @extend_schema(
        request=BLUR_CHOICE_REQUEST, responses=BLUR_RESPONSE, summary="Choose which areas of a photo are blurred",
        description="For a photo under review (its report pending, its unblurred copy kept): every recorded box in "
        "its order with ``on`` true or false, then any new rectangles. The published image is made from this "
        "choice when the report is approved, attached or merged. Boxes cannot be removed, only turned off. The "
        "audit trail records each change. 409 if the photo is not under review.",
    )
    def put(self, request, pk: int):
        photo = self.photo(pk)
        boxes = services.blur_choice_parse(self.boxes())
        return self.answer(services.photo_blur_choose(photo=photo, boxes=boxes, moderator=request.user))
